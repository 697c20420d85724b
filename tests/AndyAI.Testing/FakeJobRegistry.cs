using AndyAI.Abstractions.Jobs;
using AndyAI.Host.Cogs.Jobs;

namespace AndyAI.Testing;

/// <summary>
/// An <see cref="IJobRegistry"/> that records the cog's jobs, refuses what the host refuses (a bad or duplicate name,
/// a cron expression that does not parse, an interval under a second) and fires them on a <see cref="TimeProvider"/>
/// (a <c>FakeTimeProvider</c> in tests: advance it past <see cref="FakeJob.NextRun"/>), or runs one at once with
/// <see cref="RunAsync"/>.
/// </summary>
public sealed class FakeJobRegistry : IJobRegistry
{
    private readonly TimeProvider _clock;
    private readonly CancellationToken _unloading;
    private readonly List<FakeJob> _jobs = [];

    /// <summary>Creates a registry whose jobs fire on <paramref name="clock"/> and whose runs' tokens fire with <paramref name="unloading"/>.</summary>
    public FakeJobRegistry(TimeProvider clock, CancellationToken unloading = default)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        _unloading = unloading;
    }

    /// <summary>The cog's name, for the messages of refused jobs. <see cref="FakeCogContext"/> keeps it equal to its <see cref="FakeCogContext.CogName"/>.</summary>
    public string CogName { get; set; } = "TestCog";

    /// <summary>The jobs registered and not removed, in order.</summary>
    public IReadOnlyList<FakeJob> Jobs
    {
        get
        {
            lock (_jobs)
            {
                return [.. _jobs];
            }
        }
    }

    /// <summary>The job called <paramref name="name"/> (ignoring case, as the host compares them).</summary>
    /// <exception cref="InvalidOperationException">No such job.</exception>
    public FakeJob this[string name] =>
        Jobs.SingleOrDefault(job => string.Equals(job.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException($"{CogName} has no scheduled job named '{name}'.");

    /// <inheritdoc />
    public IDisposable Add(string name, JobSchedule schedule, Func<IJobContext, ValueTask> handler, JobOptions? options = null)
    {
        // The host's checks, with its messages (JobNames, JobTimetable are the host's own files).
        JobNames.Validate(name);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(handler);
        JobTimetable timetable = JobTimetable.Create(schedule, _clock.GetUtcNow());
        lock (_jobs)
        {
            if (_jobs.Any(held => string.Equals(held.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"{CogName} has a scheduled job named '{name}' already.", nameof(name));
            }

            JobNames.EnsureRoom(CogName, name, _jobs.Count);
            var job = new FakeJob(this, name, schedule, options?.ClusterWide ?? true, handler, timetable, _clock, _unloading);
            _jobs.Add(job);
            return job;
        }
    }

    /// <summary>Runs the job called <paramref name="name"/> once now (see <see cref="FakeJob.RunAsync"/>).</summary>
    /// <exception cref="InvalidOperationException">No such job.</exception>
    public Task RunAsync(string name, DateTimeOffset? scheduledTime = null) => this[name].RunAsync(scheduledTime);

    /// <summary>Removes every job, as the host does at unload: no more ticks, their runs' tokens cancelled.</summary>
    public void Clear()
    {
        FakeJob[] jobs;
        lock (_jobs)
        {
            jobs = [.. _jobs];
            _jobs.Clear();
        }

        foreach (FakeJob job in jobs)
        {
            job.Stop();
        }
    }

    internal void Remove(FakeJob job)
    {
        lock (_jobs)
        {
            _jobs.Remove(job);
        }

        job.Stop();
    }
}
