using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Testing;

/// <summary>Drives a <see cref="FakeTimeProvider"/> until the code under test has done what a test waits for.</summary>
public static class FakeTimeProviderExtensions
{
    /// <summary>How long in real time the helpers keep advancing before they give up. A hang guard, never a timing assertion.</summary>
    public static readonly TimeSpan DefaultHangGuard = TimeSpan.FromSeconds(30);

    // After each step, continuations released by the timers run on the thread pool; a short real-time pause lets
    // them register their next timer before the clock moves again (fewer overshooting steps, same outcome).
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(1);

    /// <summary>Advances <paramref name="time"/> by <paramref name="step"/> until <paramref name="task"/> completes, then awaits it.</summary>
    /// <exception cref="TimeoutException">The task did not complete within <paramref name="hangGuard"/> (<see cref="DefaultHangGuard"/>) of real time.</exception>
    public static async Task AdvanceUntilAsync(this FakeTimeProvider time, Task task, TimeSpan step, TimeSpan? hangGuard = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        await AdvanceAsync(time, () => task.IsCompleted, task, step, hangGuard);
        await task;
    }

    /// <summary>Advances <paramref name="time"/> by <paramref name="step"/> until <paramref name="task"/> completes, then returns its result.</summary>
    /// <exception cref="TimeoutException">The task did not complete within <paramref name="hangGuard"/> (<see cref="DefaultHangGuard"/>) of real time.</exception>
    public static async Task<T> AdvanceUntilAsync<T>(this FakeTimeProvider time, Task<T> task, TimeSpan step, TimeSpan? hangGuard = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        await AdvanceAsync(time, () => task.IsCompleted, task, step, hangGuard);
        return await task;
    }

    /// <summary>Advances <paramref name="time"/> by <paramref name="step"/> until <paramref name="condition"/> holds (checked before each step).</summary>
    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="hangGuard"/> (<see cref="DefaultHangGuard"/>) of real time.</exception>
    public static Task AdvanceUntilAsync(this FakeTimeProvider time, Func<bool> condition, TimeSpan step, TimeSpan? hangGuard = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return AdvanceAsync(time, condition, null, step, hangGuard);
    }

    private static async Task AdvanceAsync(FakeTimeProvider time, Func<bool> done, Task? task, TimeSpan step, TimeSpan? hangGuard)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(step, TimeSpan.Zero);
        TimeSpan guard = hangGuard ?? DefaultHangGuard;
        long started = Stopwatch.GetTimestamp();
        TimeSpan advanced = TimeSpan.Zero;
        while (!done())
        {
            if (Stopwatch.GetElapsedTime(started) > guard)
            {
                throw new TimeoutException($"Still waiting after {guard.TotalSeconds:0} s of real time and {advanced} of fake time.");
            }

            time.Advance(step);
            advanced += step;
            Task settle = Task.Delay(Settle);
            await (task is null ? settle : Task.WhenAny(task, settle));
        }
    }
}
