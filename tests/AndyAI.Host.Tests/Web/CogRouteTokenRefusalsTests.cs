using AndyAI.Host.Web;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Host.Tests.Web;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)] // a fresh clock and log per test
public sealed class CogRouteTokenRefusalsTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeLogCollector _logs = new();

    [Test]
    public void Refused_AFloodOfGuesses_TheFirstPerRouteAndMinuteInFull_TheRestInOneLine()
    {
        using ILoggerFactory loggers = LoggerFactory.Create(builder => builder.AddProvider(new FakeLoggerProvider(_logs)));
        using var refusals = new CogRouteTokenRefusals(loggers, _time);

        for (int i = 0; i < 1000; i++) refusals.Refused("POST /cogs/Guarded/run", "203.0.113." + (i % 200));
        refusals.Refused(CogRouteTokenRefusals.NoRoute, "203.0.113.7");
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.That(_logs.GetSnapshot().Select(r => (r.Level, r.Message)), Is.EqualTo(new[]
        {
            (LogLevel.Warning, "Cog route POST /cogs/Guarded/run refused from 203.0.113.0: wrong dashboard token"),
            (LogLevel.Warning, "Cog route (a path under /cogs/ without a route for the method) refused from 203.0.113.7: wrong dashboard token"),
            (LogLevel.Warning, "Cog route POST /cogs/Guarded/run: 999 more request(s) with a wrong dashboard token in the 1 min after the one logged above, refused (only the first of each window is logged in full)"),
        }));
    }
}
