using AndyAI.Abstractions.Discord;
using AndyAI.Discord.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Discord.Tests.Hosting;

public sealed class TypingScopeTests
{
    [Test]
    public async Task Renewal_DiscordAnswers503_OneWarningLineWithoutAStackTrace()
    {
        var logger = new FakeLogger();

        // The first trigger runs before the constructor returns, so its failure is logged by then.
        await using (var scope = new TypingScope(_ => Task.FromException(new DiscordApiException(503, 0, "503: Service Unavailable")), 42, new FakeTimeProvider(), logger))
        {
            FakeLogRecord record = logger.Collector.GetSnapshot().Single();

            Assert.Multiple(() =>
            {
                Assert.That(record.Level, Is.EqualTo(LogLevel.Warning));
                Assert.That(record.Message, Does.Contain("channel 42").And.Contain("503").And.Contain("Service Unavailable"));
                Assert.That(record.Exception, Is.Null, "Discord's answer is the whole story: no stack trace every 8 s");
            });
        }
    }

    [Test]
    public async Task Renewal_UnexpectedException_KeepsTheStackTrace()
    {
        var logger = new FakeLogger();

        await using (var scope = new TypingScope(_ => Task.FromException(new InvalidOperationException("bug")), 42, new FakeTimeProvider(), logger))
        {
            Assert.That(logger.Collector.GetSnapshot().Single().Exception, Is.InstanceOf<InvalidOperationException>());
        }
    }
}
