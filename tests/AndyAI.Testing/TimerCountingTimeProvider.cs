using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that counts the timers created on it. Code on an injected clock creates one
/// whenever it starts to wait on that clock (<c>Task.Delay(d, time)</c>, a <c>PeriodicTimer</c>, a
/// <c>CancellationTokenSource</c> with a delay), so <see cref="WhenTimersCreatedAsync"/> tells a test, without a
/// real-time pause, that the code under test has reached such a wait: "the request is held back" becomes an event,
/// not the absence of one during a guessed number of milliseconds.
/// </summary>
public sealed class TimerCountingTimeProvider : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private int _created;

    /// <summary>Starts the fake clock at <paramref name="startDateTime"/>.</summary>
    public TimerCountingTimeProvider(DateTimeOffset startDateTime)
        : base(startDateTime)
    {
    }

    /// <summary>How many timers have been created so far.</summary>
    public int TimersCreated
    {
        get
        {
            lock (_gate)
            {
                return _created;
            }
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ITimer timer = base.CreateTimer(callback, state, dueTime, period);
        List<TaskCompletionSource> reached = [];
        lock (_gate)
        {
            _created++;
            _waiters.RemoveAll(w =>
            {
                if (w.Count > _created) return false;
                reached.Add(w.Reached);
                return true;
            });
        }

        // Signalled after the timer is registered, so advancing the clock from here on fires it.
        foreach (TaskCompletionSource done in reached)
        {
            done.TrySetResult();
        }

        return timer;
    }

    /// <summary>Completes once at least <paramref name="count"/> timers have been created in all.</summary>
    /// <param name="count">The total to wait for (read <see cref="TimersCreated"/> before the action and add to it).</param>
    /// <param name="hangGuard">Real time to wait before giving up; <see cref="FakeTimeProviderExtensions.DefaultHangGuard"/> when omitted.</param>
    /// <exception cref="TimeoutException">Fewer timers were created within the hang guard: the code never started to wait.</exception>
    public async Task WhenTimersCreatedAsync(int count, TimeSpan? hangGuard = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_created >= count)
            {
                return;
            }

            _waiters.Add((count, reached));
        }

        TimeSpan guard = hangGuard ?? FakeTimeProviderExtensions.DefaultHangGuard;
        try
        {
            await reached.Task.WaitAsync(guard);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Waited {guard.TotalSeconds:0} s of real time for timer number {count} on the fake clock; {TimersCreated} were created.");
        }
    }
}
