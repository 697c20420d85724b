using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Commands.Tests;

public class CooldownTrackerTests
{
    [Test]
    public void TryEnter_ManyUsersOverTime_ExpiredEntriesAreSwept()
    {
        var time = new FakeTimeProvider();
        var tracker = new CooldownTracker(time);

        for (ulong user = 0; user < 5000; user++)
        {
            Assert.That(tracker.TryEnter("ping", user, TimeSpan.FromSeconds(5), out _, out _), Is.True);
            time.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.That(tracker.Count, Is.LessThan(2048));
    }

    [Test]
    public void TryEnter_DuringCooldown_ReportsTimeLeft()
    {
        var time = new FakeTimeProvider();
        var tracker = new CooldownTracker(time);
        tracker.TryEnter("ping", 1, TimeSpan.FromSeconds(10), out _, out _);
        time.Advance(TimeSpan.FromSeconds(4));

        bool entered = tracker.TryEnter("ping", 1, TimeSpan.FromSeconds(10), out TimeSpan retryAfter, out bool notify);

        Assert.That(entered, Is.False);
        Assert.That(notify, Is.True);
        Assert.That(retryAfter, Is.EqualTo(TimeSpan.FromSeconds(6)).Within(TimeSpan.FromMilliseconds(1)));
    }
}
