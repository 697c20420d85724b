namespace AndyAI.Abstractions.Settings;

/// <summary>
/// The settings server managers and users chose with <c>/settings</c>, <c>!settings</c> and <c>/model</c>, kept in
/// the host's database. The host enforces which cogs run in a guild; a cog that talks to the model applies the rest
/// (prompt, persona, model, channels, roles). Added in contract 1.3.
/// </summary>
public interface IBotSettings
{
    /// <summary>
    /// The settings that apply to <paramref name="userId"/> in <paramref name="guildId"/> (<see langword="null"/> in
    /// DMs): the user's own choices over the guild's. Never throws for a database that is down: then the defaults
    /// (<see cref="EffectiveSettings.Default"/>) apply.
    /// </summary>
    ValueTask<EffectiveSettings> GetAsync(ulong userId, ulong? guildId, CancellationToken cancellationToken = default);

    /// <summary>What the host stores about the user besides conversations: their own settings and their token usage (for <c>/mydata export</c>).</summary>
    /// <exception cref="Storage.StorageUnavailableException">The database is unavailable.</exception>
    ValueTask<UserAccountData> ExportAsync(ulong userId, CancellationToken cancellationToken = default) => ValueTask.FromResult(UserAccountData.Empty);

    /// <summary>Deletes the user's settings and token usage at once (for <c>/mydata delete</c>); returns the records removed.</summary>
    /// <exception cref="Storage.StorageUnavailableException">The database is unavailable.</exception>
    ValueTask<int> DeleteAsync(ulong userId, CancellationToken cancellationToken = default) => ValueTask.FromResult(0);
}
