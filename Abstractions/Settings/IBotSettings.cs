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
}
