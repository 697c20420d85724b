using System.Collections.Concurrent;
using AndyAI.Abstractions;

namespace AndyAI.Testing;

/// <summary>An <see cref="IBotStatistics"/> that keeps counters and recorded durations for a test to read, and a snapshot a test can shape.</summary>
public sealed class FakeBotStatistics : IBotStatistics
{
    /// <summary>Counter values: what <see cref="Increment"/> added, or what a test set for <see cref="Snapshot"/>.</summary>
    public ConcurrentDictionary<string, long> Counters { get; } = new();

    /// <summary>Every <see cref="RecordDuration"/> call, in order.</summary>
    public ConcurrentQueue<(string Name, TimeSpan Duration)> RecordedDurations { get; } = new();

    /// <summary>The duration summaries <see cref="Snapshot"/> reports (the fake computes no percentiles; a test sets them).</summary>
    public ConcurrentDictionary<string, DurationSummary> DurationSummaries { get; } = new();

    /// <summary>When the "host" started, as <see cref="Snapshot"/> reports it. Defaults to the Unix epoch.</summary>
    public DateTimeOffset StartedAt { get; set; } = DateTimeOffset.UnixEpoch;

    /// <summary>A counter's value; zero when it was never incremented.</summary>
    public long this[string counter] => Counters.TryGetValue(counter, out long value) ? value : 0;

    /// <inheritdoc />
    public void Increment(string counter, long value = 1) => Counters.AddOrUpdate(counter, value, (_, old) => old + value);

    /// <inheritdoc />
    public void RecordDuration(string histogram, TimeSpan duration) => RecordedDurations.Enqueue((histogram, duration));

    /// <inheritdoc />
    public BotStatisticsSnapshot Snapshot() =>
        new(StartedAt, new Dictionary<string, long>(Counters), new Dictionary<string, DurationSummary>(DurationSummaries));
}
