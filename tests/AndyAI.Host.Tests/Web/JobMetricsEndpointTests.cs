using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using AndyAI.Abstractions.Jobs;
using AndyAI.Host.Cogs;
using AndyAI.Host.Cogs.Jobs;
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
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Metrics;

namespace AndyAI.Host.Tests.Web;

/// <summary>
/// Scheduled jobs' metrics in the Prometheus text that <c>/metrics</c> serves (the listener's meter set-up and
/// OpenTelemetry's Prometheus exporter over Kestrel): the names docs/metrics.md gives, and no series left behind.
/// </summary>
public sealed partial class JobMetricsEndpointTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private ServiceProvider _meterServices = null!;
    private FakeTimeProvider _time = null!;
    private BotStatistics _statistics = null!;
    private CogContextFactory _factory = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private string _dataRoot = null!;

    [SetUp]
    public async Task StartListener()
    {
        _meterServices = new ServiceCollection().AddMetrics().BuildServiceProvider();
        IMeterFactory meters = _meterServices.GetRequiredService<IMeterFactory>();
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        _statistics = new BotStatistics(_time, meters);
        _factory = new CogContextFactory(new FakeDiscordBot(), new FakeCommandCatalog(), new FakeCogServicesFactory(), _statistics, NullLoggerFactory.Instance, _time,
            jobTable: new CogJobTable(meters, _time), errorTable: new CogErrorTable(meters));
        _dataRoot = Path.Combine(Path.GetTempPath(), "andyai-host-tests", Guid.NewGuid().ToString("N"));

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => WebListener.AddHostMetrics(metrics, meters)
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        _app = builder.Build();
        _app.MapPrometheusScrapingEndpoint("/metrics");
        await _app.StartAsync();
        string address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
    }

    [TearDown]
    public async Task StopListener()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        _statistics.Dispose();
        await _meterServices.DisposeAsync();
        if (Directory.Exists(_dataRoot)) Directory.Delete(_dataRoot, recursive: true);
    }

    [Test]
    public async Task Metrics_JobRanAndFailed_ExportedUnderTheirPrometheusNames_AndGoneOnceTheCogUnloads()
    {
        ICogContextScope scope = _factory.Create(new CogContextRequest("Echo", default, Path.Combine(_dataRoot, "Echo"), CancellationToken.None));
        int runs = 0;
        scope.Context.Jobs.Add("digest", JobSchedule.Every(Minute), _ =>
            Interlocked.Increment(ref runs) == 2 ? throw new InvalidOperationException("boom") : default);
        scope.Activate();
        _time.Advance(Minute);
        _time.Advance(Minute);
        using (var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (scope.ScheduledJobs.Single().LastResult?.StartsWith("failed", StringComparison.Ordinal) != true) await Task.Delay(5, guard.Token);
        }

        string live = await _http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        scope.Deactivate();
        string unloaded = await _http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        await scope.DisposeAsync();
        string disposed = await _http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(Sample(live, "andyai_cogs_job_runs_total", ("outcome", "ok")), Is.EqualTo(1), live);
            Assert.That(Sample(live, "andyai_cogs_job_runs_total", ("outcome", "failed")), Is.EqualTo(1), live);
            Assert.That(Sample(live, "andyai_cogs_job_runs_total", ("outcome", "cancelled")), Is.Zero, live);
            Assert.That(Sample(live, "andyai_cogs_job_skipped_total", ("reason", "overlap")), Is.Zero, live);
            Assert.That(Sample(live, "andyai_cogs_job_skipped_total", ("reason", "cluster_overlap")), Is.Zero, live);
            Assert.That(Sample(live, "andyai_cogs_job_skipped_total", ("reason", "redis_unavailable")), Is.Zero, live);
            Assert.That(Sample(live, "andyai_cogs_job_abandoned_total"), Is.Zero, live);
            Assert.That(Sample(live, "andyai_cogs_job_running_seconds"), Is.Zero, "no run going: the stuck-job gauge is at 0");
            Assert.That(Sample(live, "andyai_cogs_job_duration_seconds_count"), Is.EqualTo(2), live);
            Assert.That(Sample(live, "andyai_cogs_job_duration_seconds_bucket", ("le", "120")), Is.EqualTo(2), "the host's seconds buckets");
            Assert.That(Lines(unloaded).Where(l => l.StartsWith("andyai_cogs_job_", StringComparison.Ordinal) && !l.StartsWith("andyai_cogs_job_duration", StringComparison.Ordinal)),
                Is.Empty, "an unloaded cog's job counters are no longer exported");
            Assert.That(Sample(live, "andyai_cogs_handler_errors_total", job: null), Is.EqualTo(1), "the failed run is one of the cog's handler errors, labelled cog=\"Echo\"");
            Assert.That(Lines(disposed).Where(l => l.StartsWith("andyai_cogs_handler_errors_total", StringComparison.Ordinal)), Is.Empty,
                "once the cog's last instance is gone, its handler_errors series is no longer exported");
        });
    }

    /// <summary>The value of the one sample of <paramref name="name"/> with cog Echo, job digest and <paramref name="labels"/>.</summary>
    private static double Sample(string exposition, string name, params (string Label, string Value)[] labels) => Sample(exposition, name, "digest", labels);

    /// <summary>The value of the one sample of <paramref name="name"/> with cog Echo, <paramref name="job"/> (no job label when null) and <paramref name="labels"/>.</summary>
    private static double Sample(string exposition, string name, string? job, params (string Label, string Value)[] labels)
    {
        double[] values = [.. Lines(exposition)
            .Select(line => SampleLine().Match(line))
            .Where(m => m.Success && m.Groups["name"].Value == name)
            .Where(m =>
            {
                var found = LabelPair().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups[1].Value, l => l.Groups[2].Value);
                return found.GetValueOrDefault("cog") == "Echo" && found.GetValueOrDefault("job") == job
                    && labels.All(label => found.GetValueOrDefault(label.Label) == label.Value);
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
