using System.Collections.Concurrent;
using AndyAI.Abstractions.Settings;

namespace AndyAI.Testing;

/// <summary>
/// An <see cref="IBotSettings"/> a test fills in: settings per guild (<see cref="ForGuild"/>) and per user
/// (<see cref="ForUser"/>), the user's over the guild's, as the host combines them.
/// </summary>
public sealed class FakeBotSettings : IBotSettings
{
    private readonly ConcurrentDictionary<ulong, EffectiveSettings> _guilds = new();
    private readonly ConcurrentDictionary<ulong, EffectiveSettings> _users = new();

    /// <summary>Sets what applies in a guild (prompt, persona, model, channels, roles).</summary>
    public void ForGuild(ulong guildId, EffectiveSettings settings) => _guilds[guildId] = settings;

    /// <summary>Sets a user's own choices (model, language, persona line); they win over the guild's.</summary>
    public void ForUser(ulong userId, EffectiveSettings settings) => _users[userId] = settings;

    /// <summary>What <see cref="ExportAsync"/> returns per user.</summary>
    public ConcurrentDictionary<ulong, UserAccountData> Accounts { get; } = new();

    /// <inheritdoc />
    public ValueTask<UserAccountData> ExportAsync(ulong userId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Accounts.TryGetValue(userId, out UserAccountData? data) ? data : UserAccountData.Empty);

    /// <inheritdoc />
    public ValueTask<int> DeleteAsync(ulong userId, CancellationToken cancellationToken = default)
    {
        _users.TryRemove(userId, out _);
        return ValueTask.FromResult(Accounts.TryRemove(userId, out UserAccountData? data) ? 1 + data.Usage.Count : 0);
    }

    /// <inheritdoc />
    public ValueTask<EffectiveSettings> GetAsync(ulong userId, ulong? guildId, CancellationToken cancellationToken = default)
    {
        EffectiveSettings guild = guildId is { } g && _guilds.TryGetValue(g, out EffectiveSettings? found) ? found : EffectiveSettings.Default;
        if (!_users.TryGetValue(userId, out EffectiveSettings? user))
        {
            return ValueTask.FromResult(guild);
        }

        return ValueTask.FromResult(guild with
        {
            Model = user.Model ?? guild.Model,
            Language = user.Language ?? guild.Language,
            PersonaLine = user.PersonaLine ?? guild.PersonaLine,
        });
    }
}
