using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using AndyAI.Abstractions.Http;
using AndyAI.Host.Cogs;
using AndyAI.Host.Cogs.Http;
using AndyAI.Host.Statistics;
using AndyAI.Host.Tests.Fakes;
using AndyAI.Host.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry.Metrics;

namespace AndyAI.Host.Tests.Web;

/// <summary>
/// Cog routes' metrics in the Prometheus text that <c>/metrics</c> serves, with real requests through Kestrel and
/// <see cref="CogRoutesEndpoint"/>: the host's own answers (401, 429, 413) counted by cog, the names docs/metrics.md
/// gives, and no counter series left once the cog unloads.
/// </summary>
public sealed partial class CogRouteMetricsEndpointTests
{
    private const string Token = "the-dashboard-token-0123456789";

    private ServiceProvider _meterServices = null!;
    private BotStatistics _statistics = null!;
    private CogHttpRouteTable _routes = null!;
    private CogContextFactory _factory = null!;
    private CogRequestBodyBudget _budget = null!;
    private CogRouteRateLimiter _limiter = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private string _dataRoot = null!;

    [SetUp]
    public async Task StartListener()
    {
        _meterServices = new ServiceCollection().AddMetrics().BuildServiceProvider();
        IMeterFactory meters = _meterServices.GetRequiredService<IMeterFactory>();
        _statistics = new BotStatistics(TimeProvider.System, meters);
        _routes = new CogHttpRouteTable();
        _budget = new CogRequestBodyBudget(4 * 1024 * 1024);
        _limiter = new CogRouteRateLimiter(TimeProvider.System);
        _factory = new CogContextFactory(new FakeDiscordBot(), new FakeCommandCatalog(), new FakeCogServicesFactory(), _statistics, NullLoggerFactory.Instance, TimeProvider.System,
            httpRoutes: _routes, errorTable: new CogErrorTable(meters), httpRequests: new CogHttpRequestTable(meters));
        _dataRoot = Path.Combine(Path.GetTempPath(), "andyai-host-tests", Guid.NewGuid().ToString("N"));

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = WebListener.MaxRequestBodySize;
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        builder.Services.AddSingleton(_routes);
        builder.Services.AddSingleton(_budget);
        builder.Services.AddSingleton(_limiter);
        builder.Services.AddSingleton(_ => new CogRouteTokenRefusals(NullLoggerFactory.Instance, TimeProvider.System));
        builder.Services.AddSingleton(new DashboardToken(Token));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => WebListener.AddHostMetrics(metrics, meters)
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        _app = builder.Build();
        _app.MapPrometheusScrapingEndpoint("/metrics");
        CogRoutesEndpoint.Map(_app);
        await _app.StartAsync();
        _routes.IsServed = true;
        string address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
    }

    [TearDown]
    public async Task StopListener()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        _budget.Dispose();
        _limiter.Dispose();
        _statistics.Dispose();
        await _meterServices.DisposeAsync();
        if (Directory.Exists(_dataRoot)) Directory.Delete(_dataRoot, recursive: true);
    }

    [Test]
    public async Task Metrics_RouteRequests_ByCogAndOutcome_TheHostsRefusalsToo_AndGoneOnceTheCogUnloads()
    {
        ICogContextScope scope = _factory.Create(new CogContextRequest("Hooks", default, Path.Combine(_dataRoot, "Hooks"), CancellationToken.None));
        scope.Context.Http.Map("POST", "private", (_, _) => ValueTask.FromResult(CogHttpResponse.Status(204)));
        scope.Context.Http.Map("POST", "github", (_, _) => ValueTask.FromResult(CogHttpResponse.Status(202)),
            new CogHttpRouteOptions { AllowAnonymous = true, AnonymousRequestsPerMinute = 2, MaxRequestBodyBytes = 100 });
        scope.Activate();

        using HttpResponseMessage unauthorized = await _http.PostAsync("/cogs/Hooks/private", new StringContent("x"));
        using var withToken = new HttpRequestMessage(HttpMethod.Post, "/cogs/Hooks/private") { Content = new StringContent("x") };
        withToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using HttpResponseMessage ok = await _http.SendAsync(withToken);
        using HttpResponseMessage tooLarge = await _http.PostAsync("/cogs/Hooks/github", new ByteArrayContent(new byte[101]));
        using HttpResponseMessage accepted = await _http.PostAsync("/cogs/Hooks/github", new StringContent("{}"));
        using HttpResponseMessage limited = await _http.PostAsync("/cogs/Hooks/github", new StringContent("{}"));
        using HttpResponseMessage unknownCog = await _http.PostAsync("/cogs/Nobody/github", new StringContent("{}"));
        string live = await _http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        await scope.DisposeAsync();
        string unloaded = await _http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(new[] { unauthorized.StatusCode, ok.StatusCode, tooLarge.StatusCode, accepted.StatusCode, limited.StatusCode, unknownCog.StatusCode }, Is.EqualTo(new[]
            {
                HttpStatusCode.Unauthorized, HttpStatusCode.NoContent, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.Accepted, (HttpStatusCode)429, HttpStatusCode.Unauthorized,
            }));
            Assert.That(Sample(live, "andyai_cogs_http_requests_total", ("outcome", "ok")), Is.EqualTo(2), live);
            Assert.That(Sample(live, "andyai_cogs_http_requests_total", ("outcome", "unauthorized")), Is.EqualTo(1), "a missing cog's 401 is nobody's series");
            Assert.That(Sample(live, "andyai_cogs_http_requests_total", ("outcome", "too_large")), Is.EqualTo(1), live);
            Assert.That(Sample(live, "andyai_cogs_http_requests_total", ("outcome", "rate_limited")), Is.EqualTo(1), live);
            foreach (string zero in new[] { "client_error", "server_error", "failed", "timeout", "unavailable" })
            {
                Assert.That(Sample(live, "andyai_cogs_http_requests_total", ("outcome", zero)), Is.Zero, zero);
            }

            Assert.That(live, Does.Not.Contain("cog=\"Nobody\""));
            Assert.That(Sample(live, "andyai_cogs_http_request_duration_seconds_count"), Is.EqualTo(2), "the two requests that reached a handler");
            Assert.That(Sample(live, "andyai_cogs_http_request_duration_seconds_bucket", ("le", "120")), Is.EqualTo(2), "the host's seconds buckets");
            Assert.That(Lines(unloaded).Where(l => l.StartsWith("andyai_cogs_http_requests_total", StringComparison.Ordinal)), Is.Empty,
                "an unloaded cog's request counter is no longer exported");
        });
    }

    /// <summary>The value of the one sample of <paramref name="name"/> with cog Hooks and <paramref name="labels"/> (and no others but le).</summary>
    private static double Sample(string exposition, string name, params (string Label, string Value)[] labels)
    {
        double[] values = [.. Lines(exposition)
            .Select(line => SampleLine().Match(line))
            .Where(m => m.Success && m.Groups["name"].Value == name)
            .Where(m =>
            {
                var found = LabelPair().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups[1].Value, l => l.Groups[2].Value);
                return found.GetValueOrDefault("cog") == "Hooks" && labels.All(label => found.GetValueOrDefault(label.Label) == label.Value);
            })
            .Select(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture))];
        Assert.That(values, Has.Length.EqualTo(1), $"{name} {string.Join(",", labels)}");
        return values[0];
    }

    private static IEnumerable<string> Lines(string exposition) => exposition.Split('\n').Where(l => l.Length > 0 && l[0] != '#');

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)\{(?<labels>[^}]*)\} (?<value>\S+)")]
    private static partial Regex SampleLine();

    [GeneratedRegex("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"")]
    private static partial Regex LabelPair();
}
