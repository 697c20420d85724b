namespace AndyAI.Abstractions;

/// <summary>Process-wide counters kept by the host. Cogs add to them and read them.</summary>
public interface IBotStatistics
{
    /// <summary>Adds <paramref name="value"/> to the named counter (for example <c>mentions.answered</c>).</summary>
    void Increment(string counter, long value = 1);

    /// <summary>Records one duration sample for the named histogram (for example <c>llm.latency</c>).</summary>
    void RecordDuration(string histogram, TimeSpan duration);

    /// <summary>A consistent copy of every counter and histogram.</summary>
    BotStatisticsSnapshot Snapshot();
}

/// <summary>A copy of the host's counters at one moment.</summary>
/// <param name="StartedAt">When the host started.</param>
/// <param name="Counters">Counter name to value.</param>
/// <param name="Durations">Histogram name to its percentiles.</param>
public sealed record BotStatisticsSnapshot(
    DateTimeOffset StartedAt,
    IReadOnlyDictionary<string, long> Counters,
    IReadOnlyDictionary<string, DurationSummary> Durations);

/// <summary>Percentiles of one duration histogram.</summary>
/// <param name="Count">Samples recorded.</param>
/// <param name="P50">Median.</param>
/// <param name="P95">95th percentile.</param>
/// <param name="P99">99th percentile.</param>
public sealed record DurationSummary(long Count, TimeSpan P50, TimeSpan P95, TimeSpan P99);
