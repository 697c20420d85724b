using AndyAI.Abstractions.Llm;

namespace AndyAI.Cogs.MessageHandler.Tests;

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

            string text = UserMessages.ForOutcome(result, inGuild: true);

            Assert.That(text, Has.Length.InRange(10, 200), outcome.ToString());
            Assert.That(text, Does.Not.Contain("http").IgnoreCase.And.Not.Contain("sk-").And.Not.Contain("Exception").And.Not.Contain("401").And.Not.Contain(outcome.ToString()), outcome.ToString());
        }
    }

    [Test]
    public void ForOutcome_RateLimitedWithRetryAfter_StatesTheWait()
    {
        string text = UserMessages.ForOutcome(new LlmResult { Outcome = LlmOutcome.RateLimited, RetryAfter = TimeSpan.FromSeconds(30) }, inGuild: true);

        Assert.That(text, Does.Contain("30 s"));
    }
}
