namespace AndyAI.Abstractions;

/// <summary>A copy of the host's counters at one moment.</summary>
/// <param name="StartedAt">When the host started.</param>
/// <param name="Counters">Counter name to value.</param>
/// <param name="Durations">Histogram name to its percentiles.</param>
public sealed record BotStatisticsSnapshot(
    DateTimeOffset StartedAt,
    IReadOnlyDictionary<string, long> Counters,
    IReadOnlyDictionary<string, DurationSummary> Durations);
