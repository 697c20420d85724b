namespace AndyAI.Host.Cogs.Supervision;

/// <summary>The outcome of one operation on one cog.</summary>
/// <param name="Cog">The cog's name.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Elapsed">How long the operation took.</param>
/// <param name="Detail">Why it failed or leaked, or a short note; null when there is nothing to add.</param>
/// <param name="Version">The version running afterwards, or null when none is.</param>
internal sealed record CogOutcome(string Cog, CogOutcomeKind Kind, TimeSpan Elapsed, string? Detail = null, string? Version = null)
{
    /// <summary>One line for chat and logs: <c>Utility: Reloaded 1.0.1 (84 ms)</c>.</summary>
    public override string ToString()
    {
        string version = Version is null ? "" : " " + Version;
        string detail = Detail is null ? "" : ": " + Detail;
        return $"{Cog}: {Kind}{version} ({Elapsed.TotalMilliseconds:0} ms){detail}";
    }
}
