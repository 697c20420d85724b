using AndyAI.Abstractions;
using AndyAI.Abstractions.Jobs;
using AndyAI.Cluster.Jobs;
using AndyAI.Host.Cogs.Loading;

namespace AndyAI.Host.Cogs.Jobs;

/// <summary>
/// One scheduled job of one cog instance: its timer (on the cog context's clock), the run in progress and what the
/// operator sees. Started when the instance goes live (or at once when added later), stopped when it is withdrawn:
/// the timer is disposed, the handler forgotten and a run in progress cancelled, so nothing keeps the cog's code.
/// Disposing it (the handle the cog holds) removes the job. A run that ignores its cancellation is given up
/// <see cref="CogInstanceLifecycle.StopGrace"/> after the stop (one Warning; its cluster lease released), so it cannot
/// keep the job from running anywhere for good.
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
    private int _overrunsInARow; // under _gate: the next run may end before this one's Finish gets past the lock
    private JobTally? _tally; // held from Start until stopped and no run is going
    private bool _runHeld; // the run going holds the tally's run mark (another instance's job waits for it)
    private IAsyncDisposable? _lease;
    private TaskCompletionSource? _runEnded;
    private bool _abandoned;
    private Task _settled = Task.CompletedTask;

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

    /// <summary>
    /// Completes once a run going at <see cref="Stop"/> ended or was given up (at most
    /// <see cref="CogInstanceLifecycle.StopGrace"/> after the stop); completed when none was going.
    /// </summary>
    public Task Settled => Volatile.Read(ref _settled);

    /// <summary>Whether a run was given up (it ignored its cancellation) and still goes.</summary>
    public bool IsStuck
    {
        get
        {
            lock (_gate) return _abandoned && _running;
        }
    }

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
            _tally = _owner.Table.Acquire(_owner.CogName, Name);
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
        TaskCompletionSource? runEnded;
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
            runEnded = _runEnded;
        }

        if (release)
        {
            ReleaseCancellation(cancelled);
            _owner.Table.Release(_tally!);
        }
        else
        {
            Volatile.Write(ref _settled, GiveUpIfStuckAsync(runEnded!.Task));
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
                _tally!.CountSkippedOverlap();
                return;
            }

            if (!_owner.IsCurrent)
            {
                return; // a reload's previous instance, still live for a moment: the new one runs the job
            }

            if (!_tally!.TryBeginRun())
            {
                // The previous instance's run of this job, cancelled at the reload, has not returned yet (it is
                // given up after a grace, and then no longer counts).
                _tally.CountSkippedOverlap();
                _lastRun = tick;
                _lastResult = "skipped: the previous instance's run is still going";
                return;
            }

            _running = true;
            _runHeld = true;
            _runEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
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
        JobTally tally = _tally!;
        string result = "";
        long started = 0;
        long mark = 0;
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
                    tally.CountSkippedClusterOverlap();
                    return;
                }

                if (claim.Outcome == JobClaimOutcome.Unavailable)
                {
                    result = "skipped: Redis unreachable";
                    tally.CountSkippedRedisUnavailable();
                    if (!_clusterDownLogged)
                    {
                        _clusterDownLogged = true;
                        CogLog.JobClusterUnavailable(_owner.Logger, _owner.CogName, Name);
                    }

                    return;
                }

                _clusterDownLogged = false;
                bool givenUp;
                lock (_gate)
                {
                    givenUp = _abandoned;
                    if (!givenUp) _lease = claim.Lease;
                }

                if (givenUp)
                {
                    // Given up while the claim was on its way (the job stopped long ago): hand the lease straight back.
                    if (claim.Lease is not null) await claim.Lease.DisposeAsync();
                    result = "cancelled";
                    return;
                }
            }

            started = _owner.Time.GetTimestamp();
            mark = _owner.Table.BeginRun(tally);
            await handler(new JobRun(Name, tick, token));
            result = "ok";
            tally.CountOk();
            if (_failuresInARow > 0)
            {
                _owner.ReportRecovery(Name, _failuresInARow);
                _failuresInARow = 0;
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            result = "cancelled";
            if (started != 0) tally.CountCancelled();
        }
        catch (Exception ex)
        {
            // The type only: a message may carry user content.
            result = $"failed ({ex.GetType().Name})";
            tally.CountFailed();
            if (_failuresInARow < int.MaxValue) _failuresInARow++;
            _owner.ReportFailure(Name, ex, _failuresInARow);
        }
        finally
        {
            if (started != 0)
            {
                _owner.Table.EndRun(tally, mark, _owner.Time.GetElapsedTime(started));
            }

            if (Interlocked.Exchange(ref _lease, null) is { } lease)
            {
                await lease.DisposeAsync();
            }

            Finish(tick, result);
        }
    }

    private void Finish(DateTimeOffset tick, string result)
    {
        int skipped;
        int overrunsInARow;
        bool stopped;
        bool held;
        bool abandoned;
        Task cancelled;
        TaskCompletionSource? runEnded;
        lock (_gate)
        {
            cancelled = _cancelled;
            _running = false;
            _lastRun = tick;
            _lastResult = result;
            skipped = _skipped;
            _skipped = 0;
            // A job that is always slower than its period would log a line per run, for ever: like failures in a row,
            // the 1st, 2nd, 4th, 8th… overrun in a row is logged (every skipped tick is counted in /metrics).
            _overrunsInARow = skipped == 0 ? 0 : _overrunsInARow < int.MaxValue ? _overrunsInARow + 1 : _overrunsInARow;
            overrunsInARow = _overrunsInARow;
            stopped = _stopped;
            held = _runHeld;
            _runHeld = false;
            abandoned = _abandoned;
            runEnded = _runEnded;
            _runEnded = null;
        }

        if (held)
        {
            _tally!.EndRun();
        }

        runEnded?.TrySetResult();
        if (overrunsInARow == 1)
        {
            CogLog.JobOverran(_owner.Logger, _owner.CogName, Name, skipped);
        }
        else if (overrunsInARow > 1 && System.Numerics.BitOperations.IsPow2(overrunsInARow))
        {
            CogLog.JobStillOverrunning(_owner.Logger, _owner.CogName, Name, skipped, overrunsInARow);
        }

        if (abandoned)
        {
            CogLog.JobAbandonedRunEnded(_owner.Logger, _owner.CogName, Name, result);
        }

        if (stopped)
        {
            ReleaseCancellation(cancelled);
            _owner.Table.Release(_tally!);
        }
    }

    /// <summary>
    /// After a stop, waits <see cref="CogInstanceLifecycle.StopGrace"/> (the grace StopAsync gets once its token is
    /// cancelled) for the cancelled run; a run still going then ignores its cancellation and may never return: it is
    /// given up, so it no longer holds the job (its Redis lease is released, a new instance's ticks run), with one Warning.
    /// </summary>
    private async Task GiveUpIfStuckAsync(Task runEnded)
    {
        try
        {
            await runEnded.WaitAsync(CogInstanceLifecycle.StopGrace, _owner.Time);
            return;
        }
        catch (TimeoutException)
        {
            // Still going: given up below.
        }

        bool held;
        IAsyncDisposable? lease;
        lock (_gate)
        {
            if (!_running)
            {
                return; // it ended just now
            }

            _abandoned = true;
            held = _runHeld;
            _runHeld = false;
            // Taken as the run's end takes it (lock-free, in RunAsync's finally): a run ending at this very moment and
            // the give-up must not both release it (the second release could drop the lease a new run holds).
            lease = Interlocked.Exchange(ref _lease, null);
        }

        if (held)
        {
            _tally!.EndRun();
        }

        _tally!.CountAbandoned();
        CogLog.JobAbandoned(_owner.Logger, _owner.CogName, Name, CogInstanceLifecycle.StopGrace.TotalSeconds,
            lease is null ? "" : " and releases its Redis lease");
        if (lease is not null)
        {
            try
            {
                await lease.DisposeAsync();
            }
            catch (Exception ex)
            {
                // Not expected (Redis errors are handled inside); the lease then lapses on its own.
                CogLog.JobLeaseReleaseFailed(_owner.Logger, _owner.CogName, Name, ex.GetType().Name);
            }
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
