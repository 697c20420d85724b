namespace AndyAI.Host.Cogs.Supervision;

/// <summary>The result of re-reading plugins.json.</summary>
/// <param name="Error">Why the file was rejected (with line and position for bad JSON), or null when it was applied.</param>
/// <param name="Outcomes">What applying it did to each affected cog.</param>
internal sealed record ConfigurationReloadResult(string? Error, IReadOnlyList<CogOutcome> Outcomes);
