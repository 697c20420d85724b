namespace AndyAI.Abstractions.Settings;

/// <summary>A user's own settings and token usage as stored. Added in contract 1.3.</summary>
/// <param name="Settings">Their model, language and persona line (unset ones <see langword="null"/>).</param>
/// <param name="Usage">Tokens per day, guild and model.</param>
public sealed record UserAccountData(EffectiveSettings Settings, IReadOnlyList<UsageDay> Usage)
{
    /// <summary>Nothing stored.</summary>
    public static UserAccountData Empty { get; } = new(EffectiveSettings.Default, []);
}
