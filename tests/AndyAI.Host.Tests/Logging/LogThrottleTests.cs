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

        throttle.Flush();
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.That(_summaries, Is.EqualTo(new[] { "a 1 00:01:00" }));
        Assert.That(throttle.Admit("a"), Is.True, "a new window after the flush");
    }

    private LogThrottle CreateSut() => new(_time, TimeSpan.FromMinutes(1), (key, count, window) => _summaries.Add($"{key} {count} {window}"));
}
