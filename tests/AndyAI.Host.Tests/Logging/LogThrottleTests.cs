using System.Runtime.CompilerServices;
using AndyAI.Host.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Host.Tests.Logging;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)] // a fresh clock and log per test
public sealed class LogThrottleTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<string> _summaries = [];

    [Test]
    public void Admit_FirstOccurrence_True_TheRestOfTheWindow_False_ThenOneSummaryWhenItEnds()
    {
        LogThrottle throttle = CreateSut();

        bool first = throttle.Admit("route");
        bool[] rest = [.. Enumerable.Range(0, 5).Select(_ => throttle.Admit("route"))];
        _time.Advance(TimeSpan.FromSeconds(59));
        string[] beforeTheEnd = [.. _summaries];
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.True);
            Assert.That(rest, Is.All.False);
            Assert.That(beforeTheEnd, Is.Empty);
            Assert.That(_summaries, Is.EqualTo(new[] { "route 5 00:01:00" }));
        });
    }

    [Test]
    public void Admit_AfterTheWindow_IsLoggedInFullAgain_AndOpensANewWindow()
    {
        LogThrottle throttle = CreateSut();
        throttle.Admit("route");
        throttle.Admit("route");
        _time.Advance(TimeSpan.FromMinutes(1));

        bool again = throttle.Admit("route");
        bool counted = throttle.Admit("route");
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.That((again, counted), Is.EqualTo((true, false)));
        Assert.That(_summaries, Is.EqualTo(new[] { "route 1 00:01:00", "route 1 00:01:00" }));
    }

    [Test]
    public void Admit_OnlyOneOccurrence_WritesNoSummary()
    {
        LogThrottle throttle = CreateSut();

        throttle.Admit("route");
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.That(_summaries, Is.Empty);
    }

    [Test]
    public void Admit_KeysHaveWindowsOfTheirOwn()
    {
        LogThrottle throttle = CreateSut();

        bool[] admitted = [throttle.Admit("a"), throttle.Admit("b"), throttle.Admit("a")];
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.That(admitted, Is.EqualTo(new[] { true, true, false }));
        Assert.That(_summaries, Is.EqualTo(new[] { "a 1 00:01:00" }));
    }

    [Test]
    public void Flush_WritesWhatWasCountedNow_AndStopsTheTimers()
    {
        LogThrottle throttle = CreateSut();
        throttle.Admit("a");
        throttle.Admit("a");
        throttle.Admit("b");
        _time.Advance(TimeSpan.FromSeconds(19.2));

        throttle.Flush();
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.That(_summaries, Is.EqualTo(new[] { "a 1 00:00:20" }), "the summary covers the time the window was open, in whole seconds, not a minute");
        Assert.That(throttle.Admit("a"), Is.True, "a new window after the flush");
    }

    [Test]
    public void Admit_TheWindowsTimerDoesNotKeepTheCallersAsyncLocals()
    {
        // The real clock: its timers capture the execution context unless told not to (FakeTimeProvider's never do).
        var throttle = new LogThrottle(TimeProvider.System, TimeSpan.FromMinutes(1), (_, _, _) => { });
        WeakReference value = AdmitWithAnAsyncLocal(throttle);
        for (int i = 0; i < 10 && value.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        bool alive = value.IsAlive;
        throttle.Flush();
        Assert.That(alive, Is.False, "a cog's async local (its types) would stay reachable for the window, holding up its unload");
    }

    // As a cog's handler that set an async local and threw at once leaves it in the request's context, where the route
    // then admits its failure.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference AdmitWithAnAsyncLocal(LogThrottle throttle)
    {
        var local = new AsyncLocal<object?>();
        object value = new();
        ExecutionContext.Run(ExecutionContext.Capture()!, _ =>
        {
            local.Value = value;
            throttle.Admit("route");
        }, null);
        return new WeakReference(value);
    }

    private LogThrottle CreateSut() => new(_time, TimeSpan.FromMinutes(1), (key, count, window) => _summaries.Add($"{key} {count} {window}"));
}
