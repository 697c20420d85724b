using System.Collections.Concurrent;
using AndyAI.Abstractions;

namespace AndyAI.Host.Statistics;

/// <summary>
/// The host's process-wide counters and duration histograms. Lock-free: a counter is one interlocked add, a sample
/// one interlocked increment into a fixed log-linear histogram (about 6 % relative error, no allocation after the
/// first use of a name).
/// </summary>
internal sealed class BotStatistics : IBotStatistics
{
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DurationHistogram> _histograms = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _startedAt;
    private readonly IStatisticsSource[] _sources;

    public BotStatistics(TimeProvider time)
        : this(time, [])
    {
    }

    public BotStatistics(TimeProvider time, IEnumerable<IStatisticsSource> sources)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(sources);
        _startedAt = time.GetUtcNow();
        _sources = [.. sources];
    }

    public void Increment(string counter, long value = 1)
    {
        ArgumentNullException.ThrowIfNull(counter);
        Counter entry = _counters.GetOrAdd(counter, static _ => new Counter());
        Interlocked.Add(ref entry.Value, value);
    }

    public void RecordDuration(string histogram, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        _histograms.GetOrAdd(histogram, static _ => new DurationHistogram()).Record(duration);
    }

    public BotStatisticsSnapshot Snapshot()
    {
        var counters = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach ((string name, Counter counter) in _counters)
        {
            counters[name] = Interlocked.Read(ref counter.Value);
        }

        foreach (IStatisticsSource source in _sources)
        {
            source.AddCountersTo(counters);
        }

        var durations = new SortedDictionary<string, DurationSummary>(StringComparer.Ordinal);
        foreach ((string name, DurationHistogram histogram) in _histograms)
        {
            durations[name] = histogram.Summarize();
        }

        return new BotStatisticsSnapshot(_startedAt, counters, durations);
    }

    private sealed class Counter
    {
        public long Value;
    }
}
