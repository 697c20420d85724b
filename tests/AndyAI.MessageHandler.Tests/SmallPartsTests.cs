using AndyAI.Abstractions.Llm;
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

public sealed class RecentMessageIdsTests
{
    [Test]
    public void TryAdd_SameIdTwice_SecondIsRefused()
    {
        var recent = new RecentMessageIds(4);

        Assert.That(recent.TryAdd(1), Is.True);
        Assert.That(recent.TryAdd(1), Is.False);
    }

    [Test]
    public void TryAdd_BeyondCapacity_ForgetsTheOldest()
    {
        var recent = new RecentMessageIds(2);
        recent.TryAdd(1);
        recent.TryAdd(2);
        recent.TryAdd(3);

        Assert.That(recent.TryAdd(1), Is.True);
        Assert.That(recent.TryAdd(3), Is.False);
    }
}

public sealed class UserMessagesTests
{
    [TestCase(0.2, "1 s")]
    [TestCase(11.2, "12 s")]
    [TestCase(119, "119 s")]
    [TestCase(150, "3 min")]
    [TestCase(7140, "119 min")]
    [TestCase(7200, "2 h")]
    [TestCase(7201, "3 h")]
    public void FormatWait_RoundsUp(double seconds, string expected)
    {
        Assert.That(UserMessages.FormatWait(TimeSpan.FromSeconds(seconds)), Is.EqualTo(expected));
    }

    [Test]
    public void ForOutcome_EveryFailure_IsShortAndRevealsNothingInternal()
    {
        foreach (LlmOutcome outcome in Enum.GetValues<LlmOutcome>().Where(o => o != LlmOutcome.Ok))
        {
            var result = new LlmResult { Outcome = outcome, Detail = "HTTP 401 from https://api.openai.com/v1 with sk-secret in OpenAI.ClientResultException" };

            string text = UserMessages.ForOutcome(result);

            Assert.That(text, Has.Length.InRange(10, 200), outcome.ToString());
            Assert.That(text, Does.Not.Contain("http").IgnoreCase.And.Not.Contain("sk-").And.Not.Contain("Exception").And.Not.Contain("401").And.Not.Contain(outcome.ToString()), outcome.ToString());
        }
    }

    [Test]
    public void ForOutcome_RateLimitedWithRetryAfter_StatesTheWait()
    {
        string text = UserMessages.ForOutcome(new LlmResult { Outcome = LlmOutcome.RateLimited, RetryAfter = TimeSpan.FromSeconds(30) });

        Assert.That(text, Does.Contain("30 s"));
    }
}

public sealed class MassMentionDefuserTests
{
    [Test]
    public void Defuse_EveryoneAndHere_AreBroken()
    {
        string text = MassMentionDefuser.Defuse("hi @everyone and @here, <@&200>");

        Assert.That(text, Does.Not.Contain("@everyone").And.Not.Contain("@here"));
        Assert.That(text.Replace("\u200B", "", StringComparison.Ordinal), Is.EqualTo("hi @everyone and @here, <@&200>"));
    }

    [Test]
    public void Defuse_NothingToDefuse_ReturnsTheSameInstance()
    {
        const string text = "plain text";

        Assert.That(MassMentionDefuser.Defuse(text), Is.SameAs(text));
    }
}
