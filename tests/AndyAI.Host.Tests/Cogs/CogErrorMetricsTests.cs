using System.Diagnostics.Metrics;
using AndyAI.Abstractions;
using AndyAI.Abstractions.Discord;
using AndyAI.Host.Cogs;
using AndyAI.Host.Statistics;
using AndyAI.Host.Tests.Fakes;
using AndyAI.Host.Tests.Statistics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Host.Tests.Cogs;

/// <summary>andyai.cogs.handler_errors (meter AndyAI.Cogs) by cog, as the OpenTelemetry SDK behind /metrics collects it.</summary>
public sealed class CogErrorMetricsTests
{
    private const string Instrument = "andyai.cogs.handler_errors";

    private FakeTimeProvider _time = null!;
    private FakeDiscordBot _bot = null!;
    private ServiceProvider _services = null!;
    private CogErrorTable _table = null!;
    private SdkMetrics _metrics = null!;
    private BotStatistics _statistics = null!;
    private CogContextFactory _factory = null!;
    private string _dataRoot = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider();
        _bot = new FakeDiscordBot();
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        IMeterFactory meters = _services.GetRequiredService<IMeterFactory>();
        _table = new CogErrorTable(meters);
        _metrics = new SdkMetrics(meters);
        _statistics = new BotStatistics(_time, meters);
        _factory = new CogContextFactory(_bot, new FakeCommandCatalog(), new FakeCogServicesFactory(), _statistics, NullLoggerFactory.Instance, _time, errorTable: _table);
        _dataRoot = Path.Combine(Path.GetTempPath(), "andyai-host-tests", Guid.NewGuid().ToString("N"));
    }

    [TearDown]
    public void TearDown()
    {
        _metrics.Dispose();
        _statistics.Dispose();
        _services.Dispose();
        if (Directory.Exists(_dataRoot))
        {
            Directory.Delete(_dataRoot, recursive: true);
        }
    }

    [Test]
    public async Task HandlerErrors_ExportedPerCog_FromZeroAtLoad()
    {
        ICogContextScope echo = CreateScope("Echo");
        echo.Context.Discord.SubscribeMessages(MessageInterest.Mentions, (_, _) => throw new InvalidOperationException("boom"));
        echo.Activate();
        ICogContextScope dice = CreateScope("Dice");
        dice.Activate();

        await _bot.DeliverAsync(TestMessages.Mention());
        await _bot.DeliverAsync(TestMessages.Mention());

        IReadOnlyList<SdkMetrics.Point> points = _metrics.Collect();
        Assert.Multiple(() =>
        {
            Assert.That(Value(points, "Echo"), Is.EqualTo(2));
            Assert.That(Value(points, "Dice"), Is.Zero, "a loaded cog has its series at 0, so an alert on increase() sees zero");
            Assert.That(points.Where(p => p.Name == Instrument).All(p => p.Tags.Keys.SequenceEqual(["cog"])), Is.True, "tagged cog, nothing else");
            Assert.That(_statistics.Snapshot().Counters[BotStatisticNames.CogHandlerErrors], Is.EqualTo(2), "!stats sums the cogs");
        });
    }

    [Test]
    public async Task Reload_KeepsTheCogsCount_Unload_RemovesItsSeries()
    {
        ICogContextScope dice = CreateScope("Dice");
        dice.Activate();
        ICogContextScope old = CreateScope("Echo");
        old.Context.Discord.SubscribeMessages(MessageInterest.Mentions, (_, _) => throw new InvalidOperationException("old"));
        old.Activate();
        await _bot.DeliverAsync(TestMessages.Mention());

        ICogContextScope next = CreateScope("Echo");
        next.Context.Discord.SubscribeMessages(MessageInterest.Mentions, (_, _) => throw new InvalidOperationException("new"));
        next.Activate();
        await old.DisposeAsync();
        await _bot.DeliverAsync(TestMessages.Mention());
        IReadOnlyList<SdkMetrics.Point> reloaded = _metrics.Collect();

        await next.DisposeAsync();
        IReadOnlyList<SdkMetrics.Point> unloaded = _metrics.Collect();

        Assert.Multiple(() =>
        {
            Assert.That(Value(reloaded, "Echo"), Is.EqualTo(2), "one count across the reload");
            Assert.That(unloaded.Where(p => p.Name == Instrument && p.Has("cog", "Echo")), Is.Empty, "an unloaded cog's series is no longer exported");
            Assert.That(Value(unloaded, "Dice"), Is.Zero, "the other cog's series stays");
            Assert.That(_table.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void Tally_HoldsStringsAndCountsOnly_PinsNoLoadContext()
    {
        // The tally is what outlives an instance between scrapes: only strings, never a cog object or delegate.
        var tally = new CogErrorTally("Echo");
        Assert.That(tally.Tags.Select(t => t.Value), Is.All.TypeOf<string>());
        Assert.That(typeof(CogErrorTally).GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
            .Select(f => f.FieldType), Is.All.Matches<Type>(t => t == typeof(long) || t == typeof(int) || t == typeof(string) || t == typeof(KeyValuePair<string, object?>[])));
    }

    private static double Value(IReadOnlyList<SdkMetrics.Point> points, string cog)
    {
        SdkMetrics.Point[] matching = [.. points.Where(p => p.Name == Instrument && p.Has("cog", cog))];
        Assert.That(matching, Has.Length.EqualTo(1), $"{Instrument} {cog} in:\n{string.Join("\n", points)}");
        return matching[0].Value;
    }

    private ICogContextScope CreateScope(string cog) =>
        _factory.Create(new CogContextRequest(cog, default, Path.Combine(_dataRoot, cog), CancellationToken.None));
}
