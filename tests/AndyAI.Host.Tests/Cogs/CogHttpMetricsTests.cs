using System.Diagnostics.Metrics;
using AndyAI.Abstractions.Http;
using AndyAI.Host.Cogs;
using AndyAI.Host.Cogs.Http;
using AndyAI.Host.Statistics;
using AndyAI.Host.Tests.Fakes;
using AndyAI.Host.Tests.Statistics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Host.Tests.Cogs;

/// <summary>
/// andyai.cogs.http.requests and andyai.cogs.http.request_duration (meter AndyAI.Cogs) by cog, as the OpenTelemetry
/// SDK behind /metrics collects them: the outcomes a route's run decides (the host's own refusals are asserted through
/// the Prometheus text in Web/CogRouteMetricsEndpointTests).
/// </summary>
public sealed class CogHttpMetricsTests
{
    private const string Requests = "andyai.cogs.http.requests";
    private const string Duration = "andyai.cogs.http.request_duration";

    private FakeTimeProvider _time = null!;
    private ServiceProvider _services = null!;
    private CogHttpRouteTable _routes = null!;
    private CogHttpRequestTable _table = null!;
    private SdkMetrics _metrics = null!;
    private BotStatistics _statistics = null!;
    private CogContextFactory _factory = null!;
    private string _dataRoot = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider();
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        IMeterFactory meters = _services.GetRequiredService<IMeterFactory>();
        _routes = new CogHttpRouteTable { IsServed = true };
        _table = new CogHttpRequestTable(meters);
        _metrics = new SdkMetrics(meters);
        _statistics = new BotStatistics(_time, meters);
        _factory = new CogContextFactory(new FakeDiscordBot(), new FakeCommandCatalog(), new FakeCogServicesFactory(), _statistics, NullLoggerFactory.Instance, _time,
            httpRoutes: _routes, httpRequests: _table);
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
    public async Task Outcomes_OfTheHandlersRuns_ExportedByCogOnly_EveryOutcomeFromZero_WithTheirDurations()
    {
        ICogContextScope hooks = CreateScope("Hooks");
        hooks.Context.Http.Map("GET", "ok", (_, _) => ValueTask.FromResult(CogHttpResponse.Text("fine")));
        hooks.Context.Http.Map("GET", "items/{id}", (_, _) => ValueTask.FromResult(CogHttpResponse.Status(404)));
        hooks.Context.Http.Map("GET", "down", (_, _) => ValueTask.FromResult(CogHttpResponse.Status(502)));
        hooks.Context.Http.Map("GET", "boom", (_, _) => throw new InvalidOperationException("boom"));
        hooks.Context.Http.Map("GET", "slow", async (_, _) =>
        {
            await Task.Delay(Timeout.Infinite, CancellationToken.None);
            return CogHttpResponse.Status(200);
        }, new CogHttpRouteOptions { Timeout = TimeSpan.FromSeconds(5) });
        hooks.Activate();
        ICogContextScope quiet = CreateScope("Quiet");
        quiet.Context.Http.Map("GET", "status", (_, _) => ValueTask.FromResult(CogHttpResponse.Text("up")));
        quiet.Activate();
        ICogContextScope noRoutes = CreateScope("Dice");
        noRoutes.Activate();

        await InvokeAsync("Hooks", "ok");
        await InvokeAsync("Hooks", "ok");
        await InvokeAsync("Hooks", "items/1");
        await InvokeAsync("Hooks", "down");
        await InvokeAsync("Hooks", "boom");
        CogHttpResponse slow = await _time.AdvanceUntilAsync(InvokeAsync("Hooks", "slow"), TimeSpan.FromSeconds(1));
        IReadOnlyList<SdkMetrics.Point> points = _metrics.Collect();

        Assert.Multiple(() =>
        {
            Assert.That(Outcomes(points, "Hooks"), Is.EquivalentTo(new Dictionary<string, double>
            {
                ["ok"] = 2, ["client_error"] = 1, ["server_error"] = 1, ["failed"] = 1, ["timeout"] = 1,
                ["unauthorized"] = 0, ["rate_limited"] = 0, ["too_large"] = 0, ["unavailable"] = 0,
            }));
            Assert.That(Outcomes(points, "Quiet").Values, Has.Count.EqualTo(9).And.All.Zero, "a cog with routes has every outcome at 0 from the start");
            Assert.That(points.Where(p => p.Has("cog", "Dice") && p.Name.StartsWith("andyai.cogs.http.", StringComparison.Ordinal)), Is.Empty, "a cog without routes has no series");
            Assert.That(points.Where(p => p.Name == Requests).All(p => p.Tags.Keys.Order().SequenceEqual(["cog", "outcome"])), Is.True, "never a path");
            SdkMetrics.Point duration = points.Single(p => p.Name == Duration && p.Has("cog", "Hooks"));
            Assert.That(duration.Value, Is.EqualTo(6), "every run of a handler, the timed-out one too");
            Assert.That(duration.Tags.Keys, Is.EqualTo(new[] { "cog" }));
            Assert.That(slow.StatusCode, Is.EqualTo(504));
            Assert.That(_statistics.Snapshot().Durations["cogs.http.request_duration"].Count, Is.EqualTo(6), "!stats reads the same instrument");
        });
    }

    [Test]
    public async Task Reload_KeepsTheCogsCounts_Unload_RemovesItsSeries()
    {
        ICogContextScope quiet = CreateScope("Quiet");
        quiet.Context.Http.Map("GET", "status", (_, _) => ValueTask.FromResult(CogHttpResponse.Text("up")));
        quiet.Activate();
        ICogContextScope old = CreateScope("Hooks");
        old.Context.Http.Map("GET", "ok", (_, _) => ValueTask.FromResult(CogHttpResponse.Text("old")));
        old.Activate();
        await InvokeAsync("Hooks", "ok");

        ICogContextScope next = CreateScope("Hooks");
        next.Context.Http.Map("GET", "ok", (_, _) => ValueTask.FromResult(CogHttpResponse.Text("new")));
        next.Activate();
        await old.DisposeAsync();
        CogHttpResponse answer = await InvokeAsync("Hooks", "ok");
        IReadOnlyList<SdkMetrics.Point> reloaded = _metrics.Collect();

        await next.DisposeAsync();
        IReadOnlyList<SdkMetrics.Point> unloaded = _metrics.Collect();

        Assert.Multiple(() =>
        {
            Assert.That(answer.Body.ToArray(), Is.EqualTo("new"u8.ToArray()));
            Assert.That(Outcomes(reloaded, "Hooks")["ok"], Is.EqualTo(2), "one count across the reload");
            Assert.That(unloaded.Where(p => p.Name == Requests && p.Has("cog", "Hooks")), Is.Empty, "an unloaded cog's series is no longer exported");
            Assert.That(Outcomes(unloaded, "Quiet").Values, Has.Count.EqualTo(9), "the other cog's series stay");
            Assert.That(_table.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void Tally_HoldsStringsAndCountsOnly_PinsNoLoadContext()
    {
        // The tally outlives an instance between scrapes: only strings and counts, never a cog object or delegate.
        var tally = new CogHttpTally("Hooks");
        Assert.That(tally.Tags.Select(t => t.Value), Is.All.TypeOf<string>());
        Assert.That(typeof(CogHttpTally).GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
            .Select(f => f.FieldType), Is.All.Matches<Type>(t => t == typeof(long[]) || t == typeof(string) || t == typeof(KeyValuePair<string, object?>[])));
    }

    [Test]
    public void OutcomeTag_IsTheEnumInSnakeCase()
    {
        Assert.That(CogHttpRequestTable.Outcomes.Select(CogHttpRequestTable.OutcomeTag),
            Is.EqualTo(new[] { "ok", "client_error", "server_error", "failed", "timeout", "unauthorized", "rate_limited", "too_large", "unavailable" }));
    }

    private static Dictionary<string, double> Outcomes(IReadOnlyList<SdkMetrics.Point> points, string cog) =>
        points.Where(p => p.Name == Requests && p.Has("cog", cog)).ToDictionary(p => p.Tags["outcome"], p => p.Value);

    private Task<CogHttpResponse> InvokeAsync(string cog, string path)
    {
        string[] segments = path.Split('/');
        CogHttpMatch match = _routes.Match(cog, "GET", segments);
        var request = new CogHttpRequest { Method = "GET", Path = "/cogs/" + cog + "/" + path, RouteValues = match.RouteValues! };
        return match.Route!.InvokeAsync(request, CancellationToken.None);
    }

    private ICogContextScope CreateScope(string cog) =>
        _factory.Create(new CogContextRequest(cog, default, Path.Combine(_dataRoot, cog), CancellationToken.None));
}
