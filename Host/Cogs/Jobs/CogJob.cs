using AndyAI.Abstractions.Jobs;
using AndyAI.Cluster.Jobs;

namespace AndyAI.Host.Cogs.Jobs;

/// <summary>
/// One scheduled job of one cog instance: its timer (on the cog context's clock), the run in progress and what the
/// operator sees. Started when the instance goes live (or at once when added later), stopped when it is withdrawn:
/// the timer is disposed, the handler forgotten and a run in progress cancelled, so nothing keeps the cog's code.
/// Disposing it (the handle the cog holds) removes the job.
/// </summary>
internal sealed class CogJob : IDisposable
{
    // A timer is never set further ahead than this; a longer wait (a yearly cron job) re-arms on the way.
    private static readonly TimeSpan MaximumTimerDue = TimeSpan.FromDays(1);

    private readonly CogJobRegistry _owner;
    private readonly JobTimetable _timetable;
    private readonly Lock _gate = new();
    private Func<IJobContext, ValueTask>? _handler;
    private ITimer? _timer;
    private CancellationTokenSource? _cancel;
    private Task _cancelled = Task.CompletedTask;
    private DateTimeOffset? _next;
    private DateTimeOffset? _lastRun;
    private string? _lastResult;
    private bool _running;
    private bool _stopped;
    private int _skipped;
    private bool _clusterDownLogged;
    private int _failuresInARow; // runs never overlap within one job: touched by one run at a time

    public CogJob(CogJobRegistry owner, string name, JobSchedule schedule, JobTimetable timetable, bool clusterWide, Func<IJobContext, ValueTask> handler)
    {
        _owner = owner;
        Name = name;
        Schedule = schedule;
        _timetable = timetable;
        ClusterWide = clusterWide;
        _handler = handler;
    }

    public string Name { get; }

    public JobSchedule Schedule { get; }

    public bool ClusterWide { get; }

    /// <summary>Arms the timer for the first tick after now. Does nothing once stopped or started.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_stopped || _timer is not null)
            {
                return;
            }

            _cancel = CancellationTokenSource.CreateLinkedTokenSource(_owner.Unloading);
            // The timer must not capture the caller's execution context (the cog's async locals would ride along
            // into every run and keep its types reachable).
            using (ExecutionContext.IsFlowSuppressed() ? default : ExecutionContext.SuppressFlow())
            {
                _timer = _owner.Time.CreateTimer(static state => ((CogJob)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }

            DateTimeOffset now = _owner.Time.GetUtcNow();
            _next = _timetable.NextAfter(now);
            Arm(now);
        }
    }

    /// <summary>Stops for good: no further tick, the handler forgotten, a run in progress cancelled. False when stopped already.</summary>
    public bool Stop()
    {
        bool release;
        Task cancelled;
        lock (_gate)
        {
            if (_stopped)
            {
                return false;
            }

            _stopped = true;
            _handler = null;
            _next = null;
            _timer?.Dispose();
            _timer = null;
            if (_cancel is null)
            {
                return true; // never started
            }

            // Callbacks the cog put on the token run on the thread pool, never under this lock.
            _cancelled = cancelled = _cancel.CancelAsync();
            release = !_running;
        }

        if (release)
        {
            ReleaseCancellation(cancelled);
        }

        return true;
    }

    public JobStatus Status()
    {
        lock (_gate)
        {
            return new JobStatus(Name, Schedule.ToString(), ClusterWide, _next, _lastRun, _lastResult);
        }
    }

    /// <summary>Removes the job (the cog's handle).</summary>
    public void Dispose() => _owner.Remove(this);

    private void OnTimer()
    {
        Func<IJobContext, ValueTask> handler;
        DateTimeOffset tick;
        CancellationToken token;
        lock (_gate)
        {
            if (_stopped || _next is not { } next)
            {
                return;
            }

            DateTimeOffset now = _owner.Time.GetUtcNow();
            if (now < next)
            {
                Arm(now); // a long wait in steps, or a clock that fired early
                return;
            }

            tick = next;
            // After now, not after the tick: ticks missed while the process slept are skipped, not replayed.
            _next = _timetable.NextAfter(now);
            Arm(now);
            if (_running)
            {
                _skipped++; // reported once, when the long run ends
                return;
            }

            if (!_owner.IsCurrent)
            {
                return; // a reload's previous instance, still live for a moment: the new one runs the job
            }

            _running = true;
            handler = _handler!;
            token = _cancel!.Token;
        }

        _ = RunAsync(handler, tick, token);
    }

    private void Arm(DateTimeOffset now)
    {
        if (_next is not { } next || _timer is null)
        {
            return; // never again
        }

        TimeSpan due = next - now;
        _timer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due > MaximumTimerDue ? MaximumTimerDue : due, Timeout.InfiniteTimeSpan);
    }

    private async Task RunAsync(Func<IJobContext, ValueTask> handler, DateTimeOffset tick, CancellationToken token)
    {
        string result = "";
        IAsyncDisposable? lease = null;
        try
        {
            if (ClusterWide && _owner.Leases is { } leases)
            {
                JobClaim claim = await leases.ClaimAsync(_owner.CogName, Name, tick, (_timetable.NextAfter(tick) ?? tick) - tick, token);
                if (claim.Outcome == JobClaimOutcome.Taken)
                {
                    result = "ran in another process";
                    return;
                }

                if (claim.Outcome == JobClaimOutcome.Busy)
                {
                    result = "skipped: its previous run is still going";
                    return;
                }

                if (claim.Outcome == JobClaimOutcome.Unavailable)
                {
                    result = "skipped: Redis unreachable";
                    if (!_clusterDownLogged)
                    {
                        _clusterDownLogged = true;
                        CogLog.JobClusterUnavailable(_owner.Logger, _owner.CogName, Name);
                    }

                    return;
                }

                _clusterDownLogged = false;
                lease = claim.Lease;
            }

            await handler(new JobRun(Name, tick, token));
            result = "ok";
            if (_failuresInARow > 0)
            {
                _owner.ReportRecovery(Name, _failuresInARow);
                _failuresInARow = 0;
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            result = "cancelled";
        }
        catch (Exception ex)
        {
            // The type only: a message may carry user content.
            result = $"failed ({ex.GetType().Name})";
            if (_failuresInARow < int.MaxValue) _failuresInARow++;
            _owner.ReportFailure(Name, ex, _failuresInARow);
        }
        finally
        {
            if (lease is not null)
            {
                await lease.DisposeAsync();
            }

            Finish(tick, result);
        }
    }

    private void Finish(DateTimeOffset tick, string result)
    {
        int skipped;
        bool stopped;
        Task cancelled;
        lock (_gate)
        {
            cancelled = _cancelled;
            _running = false;
            _lastRun = tick;
            _lastResult = result;
            skipped = _skipped;
            _skipped = 0;
            stopped = _stopped;
        }

        if (skipped > 0)
        {
            CogLog.JobOverran(_owner.Logger, _owner.CogName, Name, skipped);
        }

        if (stopped)
        {
            ReleaseCancellation(cancelled);
        }
    }

    // Disposed once the cancellation callbacks ran (disposing unlinks it from the cog's Unloading token, so a job the
    // cog removes leaves nothing behind on it).
    private void ReleaseCancellation(Task cancelled)
    {
        if (Interlocked.Exchange(ref _cancel, null) is { } cancel)
        {
            cancelled.ContinueWith(static (_, state) => ((CancellationTokenSource)state!).Dispose(), cancel, CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
