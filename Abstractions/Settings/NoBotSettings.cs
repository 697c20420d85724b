namespace AndyAI.Abstractions.Settings;

/// <summary>Settings where nothing was chosen: what a context written against contract 1.2 offers.</summary>
public sealed class NoBotSettings : IBotSettings
{
    private NoBotSettings()
    {
    }

    /// <summary>The one instance.</summary>
    public static NoBotSettings Instance { get; } = new();

    /// <inheritdoc />
    public ValueTask<EffectiveSettings> GetAsync(ulong userId, ulong? guildId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(EffectiveSettings.Default);
}
