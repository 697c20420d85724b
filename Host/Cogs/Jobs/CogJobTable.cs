using System.Diagnostics.Metrics;

namespace AndyAI.Host.Cogs.Jobs;

/// <summary>
/// Every scheduled job of this process, by cog and name (case ignored, as job names are), with what <c>/metrics</c>
/// exports about it in meter <c>AndyAI.Cogs</c>: <c>andyai.cogs.job.runs</c> by <c>outcome</c> (ok, failed,
/// cancelled), <c>andyai.cogs.job.skipped</c> by <c>reason</c> (overlap, cluster_overlap, redis_unavailable),
/// <c>andyai.cogs.job.abandoned</c> (runs that ignored their cancellation past the grace) and the
/// <c>andyai.cogs.job.duration</c> histogram, and the <c>andyai.cogs.job.running</c> gauge (seconds the run going has
/// been going, 0 when idle: a stuck job's grows), all tagged <c>cog</c> and <c>job</c>. A job's entry lives while one
/// of its cog's instances has it live or one of its runs is going (a <see cref="CogHeldTable{TEntry}"/>): a reload
/// keeps the counts (both instances hold the entry for a moment), and once a job is gone its counter and gauge series
/// are no longer exported, so unloaded cogs and removed jobs leave no series behind. The duration histogram keeps its
/// series: OpenTelemetry's cumulative histograms cannot forget one series (docs/metrics.md says what that costs).
/// One per host; without a meter factory it only tracks runs.
/// </summary>
internal sealed class CogJobTable
{
    /// <summary>The meter of the job instruments (the host's cog meter).</summary>
    public const string MeterName = "AndyAI.Cogs";

    private static readonly string[] RunOutcomes = ["ok", "failed", "cancelled"];
    private static readonly string[] SkipReasons = ["overlap", "cluster_overlap", "redis_unavailable"];

    private readonly CogHeldTable<JobTally> _tallies = new();
    private readonly TimeProvider _time;
    private readonly Histogram<double>? _duration;

    /// <param name="meters">The host's meters; null: no instruments.</param>
    /// <param name="time">The clock of the running gauge (the host's); the system clock when null.</param>
    public CogJobTable(IMeterFactory? meters = null, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        if (meters is null)
        {
            return;
        }

        Meter meter = meters.Create(MeterName);
        // Observable: read from the tallies at collection, so a removed job's series stop with it. Every outcome and
        // reason is exported at 0 from the moment a job is live, so an alert on increase() sees zero, not "no data".
        meter.CreateObservableCounter("andyai.cogs.job.runs", ObserveRuns,
            description: "Scheduled job runs that ended, by cog, job and outcome (ok, failed, cancelled)");
        meter.CreateObservableCounter("andyai.cogs.job.skipped", ObserveSkipped,
            description: "Scheduled job ticks not run, by cog, job and reason (overlap: the previous run still goes here; cluster_overlap: a run still goes in some process; redis_unavailable)");
        meter.CreateObservableCounter("andyai.cogs.job.abandoned", ObserveAbandoned,
            description: "Scheduled job runs that ignored their cancellation past the grace after their job stopped (their lease is released; they keep running), by cog and job");
        meter.CreateObservableGauge("andyai.cogs.job.running", ObserveRunning, "s",
            "Seconds the scheduled job's run in progress has been going (from its handler's call), 0 when none is, by cog and job");
        _duration = meter.CreateHistogram<double>("andyai.cogs.job.duration", "s", "Scheduled job runs, from the handler's call to its end, by cog and job");
    }

    /// <summary>The job's tally, made on first use; hold it until <see cref="Release"/>.</summary>
    public JobTally Acquire(string cogName, string jobName) =>
        _tallies.Acquire(JobTally.KeyOf(cogName, jobName), _ => new JobTally(cogName, jobName));

    /// <summary>Gives up one hold; the last one removes the job's entry (and its series).</summary>
    public void Release(JobTally tally) => _tallies.Release(tally);

    /// <summary>How many jobs have an entry now (tests).</summary>
    internal int Count => _tallies.Count;

    /// <summary>Marks a run's handler as called now, for the running gauge; pass what it returns to <see cref="EndRun"/>.</summary>
    public long BeginRun(JobTally tally)
    {
        long now = Math.Max(1, _time.GetTimestamp()); // 0 means idle
        tally.MarkRunStarted(now);
        return now;
    }

    /// <summary>The run <see cref="BeginRun"/> marked (<paramref name="mark"/>) ended after <paramref name="duration"/> (on the job's clock): the gauge goes back to 0.</summary>
    public void EndRun(JobTally tally, long mark, TimeSpan duration)
    {
        tally.MarkRunEnded(mark);
        _duration?.Record(duration.TotalSeconds, tally.Tags[0], tally.Tags[1]);
    }

    private JobTally[] Snapshot() => _tallies.Snapshot();

    private IEnumerable<Measurement<long>> ObserveRuns()
    {
        JobTally[] tallies = Snapshot();
        var measurements = new List<Measurement<long>>(tallies.Length * RunOutcomes.Length);
        foreach (JobTally tally in tallies)
        {
            measurements.Add(new Measurement<long>(tally.Ok, tally.Tags[0], tally.Tags[1], new("outcome", RunOutcomes[0])));
            measurements.Add(new Measurement<long>(tally.Failed, tally.Tags[0], tally.Tags[1], new("outcome", RunOutcomes[1])));
            measurements.Add(new Measurement<long>(tally.Cancelled, tally.Tags[0], tally.Tags[1], new("outcome", RunOutcomes[2])));
        }

        return measurements;
    }

    private IEnumerable<Measurement<long>> ObserveSkipped()
    {
        JobTally[] tallies = Snapshot();
        var measurements = new List<Measurement<long>>(tallies.Length * SkipReasons.Length);
        foreach (JobTally tally in tallies)
        {
            measurements.Add(new Measurement<long>(tally.SkippedOverlap, tally.Tags[0], tally.Tags[1], new("reason", SkipReasons[0])));
            measurements.Add(new Measurement<long>(tally.SkippedClusterOverlap, tally.Tags[0], tally.Tags[1], new("reason", SkipReasons[1])));
            measurements.Add(new Measurement<long>(tally.SkippedRedisUnavailable, tally.Tags[0], tally.Tags[1], new("reason", SkipReasons[2])));
        }

        return measurements;
    }

    private IEnumerable<Measurement<long>> ObserveAbandoned()
    {
        JobTally[] tallies = Snapshot();
        var measurements = new List<Measurement<long>>(tallies.Length);
        foreach (JobTally tally in tallies)
        {
            measurements.Add(new Measurement<long>(tally.Abandoned, tally.Tags));
        }

        return measurements;
    }

    private IEnumerable<Measurement<double>> ObserveRunning()
    {
        JobTally[] tallies = Snapshot();
        var measurements = new List<Measurement<double>>(tallies.Length);
        foreach (JobTally tally in tallies)
        {
            long started = tally.RunStarted;
            measurements.Add(new Measurement<double>(started == 0 ? 0 : _time.GetElapsedTime(started).TotalSeconds, tally.Tags));
        }

        return measurements;
    }
}
