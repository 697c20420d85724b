namespace AndyAI.Storage.Accounts;

/// <summary>
/// Token usage and guild and user settings in the database. Every call fails fast with
/// <see cref="AndyAI.Abstractions.Storage.StorageUnavailableException"/> during an outage; callers decide what a
/// missing answer means (no quota applies, defaults apply).
/// </summary>
internal sealed class Accounts(DatabaseAccess database)
{
    /// <summary>The day number (days since 1970-01-01 UTC) of <paramref name="time"/>: quotas reset at midnight UTC.</summary>
    public static long DayOf(DateTimeOffset time) => time.ToUnixTimeSeconds() / 86_400;

    /// <summary>When the day <paramref name="day"/> ends (the next reset).</summary>
    public static DateTimeOffset EndOfDay(long day) => DateTimeOffset.FromUnixTimeSeconds((day + 1) * 86_400);

    public TimeProvider Time => database.Time;

    public Task AddUsageAsync(UsageRow row, CancellationToken cancellationToken) =>
        database.RunOrThrowAsync("usage write", write: true, (connection, ct) => AccountStore.AddUsageAsync(connection, row, ct), cancellationToken);

    public Task<long> UserTokensAsync(long day, ulong userId, CancellationToken cancellationToken) =>
        database.RunOrThrowAsync("usage read", write: false, (connection, ct) => AccountStore.UserTokensAsync(connection, day, userId, ct), cancellationToken);

    public Task<long> GuildTokensAsync(long day, ulong guildId, CancellationToken cancellationToken) =>
        database.RunOrThrowAsync("usage read", write: false, (connection, ct) => AccountStore.GuildTokensAsync(connection, day, guildId, ct), cancellationToken);

    public Task<List<UsageRow>> UsageOfUserAsync(ulong userId, CancellationToken cancellationToken) =>
        database.RunOrThrowAsync("usage export", write: false, (connection, ct) => AccountStore.UsageOfUserAsync(connection, userId, ct), cancellationToken);

    public Task<int> DeleteUserAsync(ulong userId, CancellationToken cancellationToken) =>
        database.RunOrThrowAsync("account delete", write: true, (connection, ct) => AccountStore.DeleteUserAsync(connection, userId, ct), cancellationToken);

    public Task<string?> GetSettingsAsync(SettingsScope scope, ulong id, CancellationToken cancellationToken) =>
        database.RunOrThrowAsync("settings read", write: false, (connection, ct) => AccountStore.GetSettingsAsync(connection, scope, id, ct), cancellationToken);

    public Task<int> SetSettingsAsync(SettingsScope scope, ulong id, string json, CancellationToken cancellationToken) =>
        database.RunOrThrowAsync("settings write", write: true,
            (connection, ct) => AccountStore.SetSettingsAsync(connection, scope, id, json, database.NowMilliseconds(), ct), cancellationToken);

    public Task<List<(ulong GuildId, string Json)>> AllGuildSettingsAsync(CancellationToken cancellationToken) =>
        database.RunOrThrowAsync("settings read", write: false, (connection, ct) => AccountStore.AllGuildSettingsAsync(connection, ct), cancellationToken);
}
