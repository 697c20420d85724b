using System.Diagnostics;

namespace AndyAI.Testing;

/// <summary>
/// Waits in real time for something another thread will do, for code that runs on the real clock. The timeout is
/// a hang guard sized for a loaded machine, never a measurement: a test that needs "within N ms" is a benchmark.
/// </summary>
public static class Poll
{
    /// <summary>How long <see cref="UntilAsync"/> waits unless told otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);

    /// <summary>Completes as soon as <paramref name="condition"/> holds; checks it every few milliseconds.</summary>
    /// <param name="condition">What the test waits for.</param>
    /// <param name="what">Says what was awaited, in the exception when it never happened.</param>
    /// <param name="timeout">The hang guard; <see cref="DefaultTimeout"/> when omitted.</param>
    /// <exception cref="TimeoutException">The condition did not hold within the timeout.</exception>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        TimeSpan limit = timeout ?? DefaultTimeout;
        long started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(started) > limit)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0} s for {what}.");
            }

            await Task.Delay(Interval);
        }
    }
}
