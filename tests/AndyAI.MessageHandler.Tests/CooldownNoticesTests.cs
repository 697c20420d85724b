using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Cogs.MessageHandler.Tests;

public sealed class CooldownNoticesTests
{
    [Test]
    public void TryBeginWindow_SecondDenialInsideTheWindow_IsQuiet()
    {
        var time = new FakeTimeProvider();
        var notices = new CooldownNotices(time);

        bool first = notices.TryBeginWindow(1, TimeSpan.FromSeconds(12));
        time.Advance(TimeSpan.FromSeconds(11));
        bool second = notices.TryBeginWindow(1, TimeSpan.FromSeconds(1));
        bool otherKey = notices.TryBeginWindow(2, TimeSpan.FromSeconds(12));
        time.Advance(TimeSpan.FromSeconds(1));
        bool afterWindow = notices.TryBeginWindow(1, TimeSpan.FromSeconds(12));

        Assert.That((first, second, otherKey, afterWindow), Is.EqualTo((true, false, true, true)));
    }

    [Test]
    public void Forget_ServedKey_NextDenialIsNoticedAtOnce()
    {
        var notices = new CooldownNotices(new FakeTimeProvider());
        notices.TryBeginWindow(1, TimeSpan.FromMinutes(1));

        notices.Forget(1);

        Assert.That(notices.TryBeginWindow(1, TimeSpan.FromMinutes(1)), Is.True);
    }

    [Test]
    public void TryBeginWindow_ManyExpiredKeys_AreSwept()
    {
        var time = new FakeTimeProvider();
        var notices = new CooldownNotices(time);
        for (ulong key = 0; key < 4000; key++)
        {
            notices.TryBeginWindow(key, TimeSpan.FromSeconds(1));
        }

        time.Advance(TimeSpan.FromSeconds(2));
        for (ulong key = 10_000; key < 10_200; key++)
        {
            notices.TryBeginWindow(key, TimeSpan.FromSeconds(1));
        }

        Assert.That(notices.Count, Is.LessThan(4200));
    }
}
