using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using AndyAI.Abstractions;

namespace AndyAI.Host.Statistics;

/// <summary>
/// The host's statistics, as <c>!stats</c>, <c>/stats</c> and the dashboard read them: a <see cref="MeterListener"/> over
/// this host's <c>AndyAI.*</c> instruments, so they show exactly what <c>/metrics</c> exports and nothing is counted
/// twice. Counters are observed when a snapshot is taken (summed over their tags, named without the <c>andyai.</c>
/// prefix: <c>andyai.messages.seen</c> is <c>messages.seen</c>); histograms in seconds are aggregated as they are
/// recorded into log-linear histograms (about 6 % relative error) for p50/p95/p99.
/// <see cref="Increment"/> and <see cref="RecordDuration"/> (the cogs' way in) create an instrument per name on
/// first use: a lock-free counter behind an observable counter, and a histogram.
/// </summary>
internal sealed class BotStatistics : IBotStatistics, IDisposable
{
    /// <summary>The prefix of every AndyAI instrument name; statistic names are instrument names without it.</summary>
    public const string InstrumentPrefix = "andyai.";

    /// <summary>The meter names of <see cref="Increment"/>/<see cref="RecordDuration"/> instruments: AndyAI.Mentions for mentions.answered.</summary>
    public const string MeterPrefix = "AndyAI.";

    private readonly IMeterFactory _meters;
    private readonly bool _ownsMeters;
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Histogram<double>> _recorders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DurationHistogram> _histograms = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Counter> _synchronousCounters = new(StringComparer.Ordinal);
    private readonly MeterListener _listener;
    private readonly Lock _snapshotGate = new();
    private readonly DateTimeOffset _startedAt;

    // Set only while Snapshot holds _snapshotGate: observable callbacks run synchronously on that thread.
    private SortedDictionary<string, long>? _collecting;

    /// <summary>Statistics over a meter factory of their own (tests, tools).</summary>
    public BotStatistics(TimeProvider time)
        : this(time, new OwnMeterFactory())
    {
        _ownsMeters = true;
    }

    public BotStatistics(TimeProvider time, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(meters);
        _startedAt = time.GetUtcNow();
        _meters = meters;
        _listener = new MeterListener
        {
            // Only this host's meters: tests run several hosts in one process, each with its own factory.
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == _meters && instrument.Meter.Name.StartsWith(MeterPrefix, StringComparison.Ordinal)
                    && instrument.Name.StartsWith(InstrumentPrefix, StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, state) => OnMeasurement(instrument, value, tags, state));
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.Start();

        // The failure counters exist at 0 from the start, so an alert on increase() sees zero rather than "no data"
        // until the first failure. (The commands.* counters are the command framework's own instruments;
        // cogs.handler_errors is the host's, by cog: Cogs/CogErrorTable, at 0 from each cog's load.)
        foreach (string name in ZeroAtStart)
        {
            Increment(name, 0);
        }
    }

    /// <summary>Counters written through <see cref="Increment"/> that /metrics shows from the start.</summary>
    internal static readonly string[] ZeroAtStart =
        [BotStatisticNames.MentionsAnswered, BotStatisticNames.MentionsFailed, BotStatisticNames.RateLimitDenied];

    /// <summary>The meter factory whose AndyAI meters these statistics read.</summary>
    internal IMeterFactory Meters => _meters;

    public void Increment(string counter, long value = 1)
    {
        ArgumentNullException.ThrowIfNull(counter);
        if (!_counters.TryGetValue(counter, out Counter? entry))
        {
            entry = _counters.GetOrAdd(counter, static (name, self) => self.CreateCounter(name), this);
        }

        Interlocked.Add(ref entry.Value, value);
    }

    public void RecordDuration(string histogram, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (!_recorders.TryGetValue(histogram, out Histogram<double>? recorder))
        {
            recorder = _recorders.GetOrAdd(histogram, static (name, meters) =>
                meters.Create(MeterFor(name)).CreateHistogram<double>(InstrumentPrefix + name, "s"), _meters);
        }

        recorder.Record(duration.TotalSeconds);
    }

    public BotStatisticsSnapshot Snapshot()
    {
        var counters = new SortedDictionary<string, long>(StringComparer.Ordinal);
        lock (_snapshotGate)
        {
            _collecting = counters;
            try
            {
                _listener.RecordObservableInstruments();
            }
            finally
            {
                _collecting = null;
            }
        }

        foreach ((string name, Counter counter) in _synchronousCounters)
        {
            counters[name] = counters.GetValueOrDefault(name) + Interlocked.Read(ref counter.Value);
        }

        var durations = new SortedDictionary<string, DurationSummary>(StringComparer.Ordinal);
        foreach ((string name, DurationHistogram histogram) in _histograms)
        {
            durations[name] = histogram.Summarize();
        }

        return new BotStatisticsSnapshot(_startedAt, counters, durations);
    }

    public void Dispose()
    {
        _listener.Dispose();
        if (_ownsMeters)
        {
            _meters.Dispose();
        }
    }

    /// <summary>AndyAI.Mentions for mentions.answered, AndyAI.Cogs for cogs.handler_errors: one meter per area.</summary>
    internal static string MeterFor(string statisticName)
    {
        int dot = statisticName.IndexOf('.', StringComparison.Ordinal);
        string area = dot <= 0 ? statisticName : statisticName[..dot];
        return area.Length == 0 ? MeterPrefix + "Statistics" : MeterPrefix + char.ToUpperInvariant(area[0]) + area[1..];
    }

    private Counter CreateCounter(string name)
    {
        var counter = new Counter();
        _meters.Create(MeterFor(name)).CreateObservableCounter(InstrumentPrefix + name, () => Interlocked.Read(ref counter.Value));
        return counter;
    }

    private void OnMeasurement<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        where T : struct
    {
        string name = instrument.Name[InstrumentPrefix.Length..];
        switch (instrument)
        {
            case Histogram<double> when instrument.Unit == "s" && value is double seconds:
                _histograms.GetOrAdd(name, static _ => new DurationHistogram()).Record(TimeSpan.FromSeconds(Math.Max(0, Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2))));
                break;
            case ObservableCounter<long> or ObservableUpDownCounter<long> when _collecting is { } collecting && value is long observed:
                collecting[name] = collecting.GetValueOrDefault(name) + observed;
                break;
            case Counter<long> when value is long added:
                Interlocked.Add(ref _synchronousCounters.GetOrAdd(name, static _ => new Counter()).Value, added);
                break;
        }
    }

    private sealed class Counter
    {
        public long Value;
    }

    /// <summary>A meter factory for statistics used without dependency injection; its meters go with it.</summary>
    private sealed class OwnMeterFactory : IMeterFactory
    {
        private readonly ConcurrentDictionary<string, Meter> _meters = new(StringComparer.Ordinal);

        public Meter Create(MeterOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            return _meters.GetOrAdd(options.Name, static (name, self) => new Meter(new MeterOptions(name) { Scope = self }), this);
        }

        public void Dispose()
        {
            foreach (Meter meter in _meters.Values)
            {
                meter.Dispose();
            }
        }
    }
}
