using AndyAI.Abstractions.Jobs;
using AndyAI.Host.Cogs.Jobs;

namespace AndyAI.Testing;

/// <summary>
/// One job a cog registered with <see cref="FakeJobRegistry"/>. It fires as the host's would when the test advances
/// the registry's clock (at the same ticks, never overlapping itself, skipping the ticks a long run misses, keeping
/// its schedule after a failure), or at once with <see cref="RunAsync"/>.
/// </summary>
public sealed class FakeJob : IDisposable
{
    private readonly FakeJobRegistry _owner;
    private readonly JobTimetable _timetable;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private readonly List<Exception> _failures = [];
    private readonly CancellationTokenSource _cancel;
    private readonly Func<IJobContext, ValueTask> _handler;
    private ITimer? _timer;
    private bool _running;
    private int _runs;
    private int _skipped;

    internal FakeJob(FakeJobRegistry owner, string name, JobSchedule schedule, bool clusterWide, Func<IJobContext, ValueTask> handler, JobTimetable timetable, TimeProvider clock, CancellationToken unloading)
    {
        _owner = owner;
        Name = name;
        Schedule = schedule;
        ClusterWide = clusterWide;
        _handler = handler;
        _timetable = timetable;
        _clock = clock;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(unloading);
        NextRun = timetable.NextAfter(clock.GetUtcNow());
        _timer = clock.CreateTimer(static state => ((FakeJob)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Arm(clock.GetUtcNow());
    }

    /// <summary>The name the cog gave it.</summary>
    public string Name { get; }

    /// <summary>When it runs.</summary>
    public JobSchedule Schedule { get; }

    /// <summary>Whether the cog left <see cref="JobOptions.ClusterWide"/> on (the default).</summary>
    public bool ClusterWide { get; }

    /// <summary>The next tick the clock will fire, or null once removed (or when the schedule never comes round again).</summary>
    public DateTimeOffset? NextRun { get; private set; }

    /// <summary>How many runs the clock started (not counting <see cref="RunAsync"/>).</summary>
    public int Runs => Volatile.Read(ref _runs);

    /// <summary>Ticks skipped because the previous run was still going.</summary>
    public int SkippedTicks => Volatile.Read(ref _skipped);

    /// <summary>Whether a run the clock started is going now.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    /// <summary>What the runs the clock started threw (the host logs these and counts them as handler errors).</summary>
    public IReadOnlyList<Exception> Failures
    {
        get
        {
            lock (_gate)
            {
                return [.. _failures];
            }
        }
    }

    /// <summary>The last run the clock started (completed when it ended; it never throws), or null before the first.</summary>
    public Task? LastRun { get; private set; }

    /// <summary>Whether the cog removed it, or the cog unloaded (<see cref="FakeCogContext.SignalUnloading"/>).</summary>
    public bool IsRemoved { get; private set; }

    /// <summary>The token the job's runs get: cancelled when it is removed or the cog unloads.</summary>
    public CancellationToken CancellationToken => _cancel.Token;

    /// <summary>Runs the handler once now, as if <paramref name="scheduledTime"/> (default: the clock's now) were a tick; its exception reaches the test.</summary>
    public Task RunAsync(DateTimeOffset? scheduledTime = null) =>
        _handler(new FakeJobContext(Name, scheduledTime ?? _clock.GetUtcNow(), _cancel.Token)).AsTask();

    /// <summary>Removes the job, as the host does when the cog disposes its handle: no more ticks, the runs' token cancelled.</summary>
    public void Dispose() => _owner.Remove(this);

    internal void Stop()
    {
        lock (_gate)
        {
            if (IsRemoved)
            {
                return;
            }

            IsRemoved = true;
            NextRun = null;
            _timer?.Dispose();
            _timer = null;
        }

        _cancel.Cancel();
    }

    private void OnTimer()
    {
        DateTimeOffset tick;
        lock (_gate)
        {
            if (IsRemoved || NextRun is not { } next)
            {
                return;
            }

            DateTimeOffset now = _clock.GetUtcNow();
            if (now < next)
            {
                Arm(now);
                return;
            }

            tick = next;
            NextRun = _timetable.NextAfter(now);
            Arm(now);
            if (_running)
            {
                _skipped++;
                return;
            }

            _running = true;
            _runs++;
        }

        LastRun = RunFromClockAsync(tick);
    }

    private async Task RunFromClockAsync(DateTimeOffset tick)
    {
        try
        {
            await _handler(new FakeJobContext(Name, tick, _cancel.Token));
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            // Removed or unloaded: the host treats this as a cancelled run, not a failure.
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                _failures.Add(ex);
            }
        }
        finally
        {
            lock (_gate)
            {
                _running = false;
            }
        }
    }

    private void Arm(DateTimeOffset now)
    {
        if (NextRun is { } next && _timer is not null)
        {
            TimeSpan due = next - now;
            _timer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : due, Timeout.InfiniteTimeSpan);
        }
    }
}
