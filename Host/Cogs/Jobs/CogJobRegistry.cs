using AndyAI.Abstractions.Jobs;
using AndyAI.Cluster.Jobs;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Cogs.Jobs;

/// <summary>
/// The <see cref="IJobRegistry"/> of one cog instance: jobs are checked when added (name, schedule), staged, started
/// when the instance goes live and stopped (timer gone, run cancelled) when it is withdrawn, so after an unload or a
/// reload no job of the old instance runs. A tick runs only while the instance is the cog's current one.
/// </summary>
internal sealed class CogJobRegistry : IJobRegistry, IRegistrationTarget<CogJob>
{
    private readonly Action<Exception> _onHandlerError;
    private readonly Func<bool> _isCurrent;
    private readonly Lock _names = new();
    private readonly List<CogJob> _stopping = []; // stopped while a run was going (under _names)

    /// <param name="cogName">The cog's name.</param>
    /// <param name="logger">The cog's logger (category: its name).</param>
    /// <param name="time">The cog context's clock.</param>
    /// <param name="onHandlerError">Counts a failed run among the cog's handler errors.</param>
    /// <param name="isCurrent">Whether the instance is the cog's current one (a reload's previous instance skips its ticks).</param>
    /// <param name="leases">With REDIS_URL: which process runs a cluster-wide job's tick; null runs every tick here.</param>
    /// <param name="unloading">The instance's unloading token; every run's token fires with it.</param>
    /// <param name="table">The host's jobs by cog and name (metrics, runs across a reload); null: one of its own.</param>
    public CogJobRegistry(string cogName, ILogger logger, TimeProvider time, Action<Exception> onHandlerError, Func<bool> isCurrent, IJobLeases? leases, CancellationToken unloading,
        CogJobTable? table = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cogName);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(onHandlerError);
        ArgumentNullException.ThrowIfNull(isCurrent);
        CogName = cogName;
        Logger = logger;
        Time = time;
        Unloading = unloading;
        _onHandlerError = onHandlerError;
        _isCurrent = isCurrent;
        Leases = leases;
        Table = table ?? new CogJobTable();
        Registrations = new StagedRegistrations<CogJob>("scheduled jobs", this);
    }

    public string CogName { get; }

    public ILogger Logger { get; }

    public TimeProvider Time { get; }

    public CancellationToken Unloading { get; }

    public IJobLeases? Leases { get; }

    public CogJobTable Table { get; }

    public bool IsCurrent => _isCurrent();

    /// <summary>What this instance registered (staged or live); the scope activates and deactivates it.</summary>
    public StagedRegistrations<CogJob> Registrations { get; }

    public IDisposable Add(string name, JobSchedule schedule, Func<IJobContext, ValueTask> handler, JobOptions? options = null)
    {
        JobNames.Validate(name);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(handler);
        JobTimetable timetable = JobTimetable.Create(schedule, Time.GetUtcNow());
        var job = new CogJob(this, name, schedule, timetable, options?.ClusterWide ?? true, handler);
        lock (_names)
        {
            // Case-insensitive: the name is a Redis key and a line in !cogs, where "Digest" and "digest" would be one job.
            if (Registrations.Items.Any(held => string.Equals(held.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"{CogName} has a scheduled job named '{name}' already.", nameof(name));
            }

            JobNames.EnsureRoom(CogName, name, Registrations.Items.Count);

            Registrations.Add(job); // false while unloading: the job never starts
        }

        return job;
    }

    /// <summary>Every job of this instance as the operator sees it, in the order they were added.</summary>
    public IReadOnlyList<JobStatus> Status() => [.. Registrations.Items.Select(job => job.Status())];

    /// <summary>
    /// Counts a run that threw and logs it (cog and job names, the exception); the job keeps its schedule. A job that
    /// fails run after run is logged at the 1st, 2nd, 4th, 8th… failure in a row, so one that throws every second
    /// writes a few dozen lines a day rather than 86,400 stack traces; every failure is still counted.
    /// </summary>
    /// <param name="jobName">The job.</param>
    /// <param name="exception">What the run threw.</param>
    /// <param name="failuresInARow">This failure's place in the job's current run of failures, from 1.</param>
    internal void ReportFailure(string jobName, Exception exception, int failuresInARow)
    {
        if (failuresInARow == 1)
        {
            CogLog.JobFailed(Logger, CogName, jobName, exception);
        }
        else if (System.Numerics.BitOperations.IsPow2(failuresInARow))
        {
            CogLog.JobStillFailing(Logger, CogName, jobName, failuresInARow, exception);
        }

        _onHandlerError(exception);
    }

    /// <summary>Says that a job which had failed <paramref name="failuresInARow"/> runs in a row ran fine again (when some went unlogged).</summary>
    internal void ReportRecovery(string jobName, int failuresInARow)
    {
        if (failuresInARow > 1)
        {
            CogLog.JobRecovered(Logger, CogName, jobName, failuresInARow);
        }
    }

    /// <summary>
    /// Waits until every run going when its job stopped ended or was given up (at most
    /// <see cref="Loading.CogInstanceLifecycle.StopGrace"/> after the stop) and names the jobs whose given-up run still goes.
    /// </summary>
    public async Task<IReadOnlyList<string>> StuckRunsAsync()
    {
        CogJob[] stopping;
        lock (_names) stopping = [.. _stopping];
        await Task.WhenAll(stopping.Select(job => job.Settled));
        return [.. stopping.Where(job => job.IsStuck).Select(job => job.Name)];
    }

    internal void Remove(CogJob job)
    {
        Registrations.Remove(job);
        Stop(job); // staged jobs were never started; live ones were stopped by Withdraw already
    }

    private bool Stop(CogJob job)
    {
        if (!job.Stop())
        {
            return false;
        }

        if (!job.Settled.IsCompleted)
        {
            lock (_names) _stopping.Add(job);
        }

        return true;
    }

    void IRegistrationTarget<CogJob>.EnsureCanPublish(IReadOnlyList<CogJob> items)
    {
        // Names are the cog's own (checked at Add); nothing another cog holds can conflict.
    }

    void IRegistrationTarget<CogJob>.Publish(IReadOnlyList<CogJob> items)
    {
        foreach (CogJob job in items)
        {
            job.Start();
        }
    }

    void IRegistrationTarget<CogJob>.Add(CogJob item) => item.Start();

    int IRegistrationTarget<CogJob>.Withdraw(IReadOnlyList<CogJob> items) => items.Count(Stop);
}
