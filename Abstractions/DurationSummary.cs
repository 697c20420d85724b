namespace AndyAI.Abstractions;

/// <summary>Percentiles of one duration histogram.</summary>
/// <param name="Count">Samples recorded.</param>
/// <param name="P50">Median.</param>
/// <param name="P95">95th percentile.</param>
/// <param name="P99">99th percentile.</param>
public sealed record DurationSummary(long Count, TimeSpan P50, TimeSpan P95, TimeSpan P99);
