namespace AndyAI.Host.Cogs.Jobs;

/// <summary>
/// One scheduled job (by cog and name) in this process, shared by the instances of its cog (a reload's old and new
/// instance hold the same tally): what <c>/metrics</c> exports about it and whether a run of it is going. Counters are
/// lock-free; <see cref="CogJobTable"/> reads them when someone collects.
/// </summary>
internal sealed class JobTally : CogHeldEntry
{
    private long _ok;
    private long _failed;
    private long _cancelled;
    private long _skippedOverlap;
    private long _skippedClusterOverlap;
    private long _skippedRedisUnavailable;
    private long _abandoned;
    private int _runsGoing;
    private long _runStarted; // the timestamp of the run going (CogJobTable's clock), 0 when none is

    public JobTally(string cogName, string jobName)
        : base(KeyOf(cogName, jobName))
    {
        CogName = cogName;
        JobName = jobName;
        Tags = [new("cog", cogName), new("job", jobName)];
    }

    public string CogName { get; }

    public string JobName { get; }

    /// <summary>The <c>cog</c> and <c>job</c> tags, made once.</summary>
    public KeyValuePair<string, object?>[] Tags { get; }

    public long Ok => Interlocked.Read(ref _ok);

    public long Failed => Interlocked.Read(ref _failed);

    public long Cancelled => Interlocked.Read(ref _cancelled);

    public long SkippedOverlap => Interlocked.Read(ref _skippedOverlap);

    public long SkippedClusterOverlap => Interlocked.Read(ref _skippedClusterOverlap);

    public long SkippedRedisUnavailable => Interlocked.Read(ref _skippedRedisUnavailable);

    public long Abandoned => Interlocked.Read(ref _abandoned);

    /// <summary>When the run going started (a timestamp of <see cref="CogJobTable"/>'s clock), or 0 when none is.</summary>
    public long RunStarted => Interlocked.Read(ref _runStarted);

    /// <summary>The table's key of a job: neither name has a '/'.</summary>
    public static string KeyOf(string cogName, string jobName) => cogName + "/" + jobName;

    /// <summary>
    /// Marks a run of the job as going, unless one is going already (in any instance of the cog): a reload's new
    /// instance waits for the old instance's cancelled run, as a job waits for its own previous run.
    /// </summary>
    public bool TryBeginRun() => Interlocked.CompareExchange(ref _runsGoing, 1, 0) == 0;

    /// <summary>The run begun with <see cref="TryBeginRun"/> ended, or was given up (it ignored its cancellation).</summary>
    public void EndRun() => Interlocked.Exchange(ref _runsGoing, 0);

    /// <summary>A run's handler was called at <paramref name="timestamp"/> (non-zero): the running gauge counts from it.</summary>
    public void MarkRunStarted(long timestamp) => Interlocked.Exchange(ref _runStarted, timestamp);

    /// <summary>
    /// The run marked at <paramref name="timestamp"/> ended. Only that run's mark is cleared: a run given up at a reload
    /// that returns late leaves the new instance's run going on the gauge.
    /// </summary>
    public void MarkRunEnded(long timestamp) => Interlocked.CompareExchange(ref _runStarted, 0, timestamp);

    public void CountOk() => Interlocked.Increment(ref _ok);

    public void CountFailed() => Interlocked.Increment(ref _failed);

    public void CountCancelled() => Interlocked.Increment(ref _cancelled);

    public void CountSkippedOverlap() => Interlocked.Increment(ref _skippedOverlap);

    public void CountSkippedClusterOverlap() => Interlocked.Increment(ref _skippedClusterOverlap);

    public void CountSkippedRedisUnavailable() => Interlocked.Increment(ref _skippedRedisUnavailable);

    public void CountAbandoned() => Interlocked.Increment(ref _abandoned);
}
