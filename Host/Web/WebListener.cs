using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using AndyAI.Discord.Hosting;
using AndyAI.Host.Admin;
using AndyAI.Host.Cogs.Http;
using AndyAI.Host.Cogs.Supervision;
using AndyAI.Host.Configuration;
using AndyAI.Host.Interactions;
using AndyAI.Host.Logging;
using AndyAI.Host.Statistics;
using AndyAI.Host.Web.Dashboard;
using AndyAI.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace AndyAI.Host.Web;

/// <summary>
/// The HTTP listener on HTTP_ADDRESS: <c>/healthz</c>, <c>/readyz</c>, <c>/metrics</c> (Prometheus text, no login)
/// and the dashboard (login). A small Kestrel app of its own, built when this service starts, over the host's
/// services; it starts first and stops last, so probes answer during the whole start and stop.
/// </summary>
internal sealed class WebListener(IServiceProvider host, HostSettings settings, WebListenerStatus status, DashboardToken token, ILoggerFactory loggers)
    : IHostedService, IAsyncDisposable
{
    /// <summary>
    /// Bucket bounds of every AndyAI duration histogram (unit "s"): a REST call or a cog load (milliseconds) up to an
    /// answer at the model deadline (<c>Llm:Deadline</c>, 90 s by default).
    /// </summary>
    internal static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 90, 120];

    /// <summary>
    /// The AndyAI meters /metrics exports: only <paramref name="hostMeters"/>'s (tests run several hosts in one
    /// process, each with its own meter factory), duration histograms with <see cref="SecondsBuckets"/>.
    /// </summary>
    internal static MeterProviderBuilder AddHostMetrics(MeterProviderBuilder metrics, IMeterFactory hostMeters) => metrics
        .AddMeter("AndyAI.*")
        .AddView(instrument => !instrument.Meter.Name.StartsWith("AndyAI.", StringComparison.Ordinal) ? null
            : instrument.Meter.Scope != hostMeters ? MetricStreamConfiguration.Drop
            // The SDK's default buckets (0, 5, 10 … 10000) are for milliseconds: ours are in seconds.
            : instrument is Histogram<double> && instrument.Unit == "s" ? new ExplicitBucketHistogramConfiguration { Boundaries = SecondsBuckets }
            : null);

    /// <summary>The listener's body limit (the dashboard's forms, <c>/interactions</c>); a cog route raises it to its own (<see cref="CogRoutesEndpoint"/>).</summary>
    internal const long MaxRequestBodySize = 64 * 1024;

    private readonly ILogger _logger = loggers.CreateLogger<WebListener>();
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Uri address = settings.HttpAddress ?? throw new InvalidOperationException("the listener is off");
        WebApplication app = Build(address);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            await app.DisposeAsync();
            string reason = ex.Message.ReplaceLineEndings(" ");
            // Kestrel reports a taken port as an IOException; an address this machine does not have, or a port below
            // 1024 without the privilege, as a SocketException.
            string problem = ex is IOException ? "is in use" : "cannot be bound";
            if (settings.Mode == BotMode.Sandbox)
            {
                // The sandbox is for trying the bot: an unusable address costs the dashboard, not the chat.
                WebLog.NotStarted(_logger, address, problem, reason);
                status.Problem = $"Dashboard not started: {address} {problem}; set HTTP_ADDRESS to another address or port (or off).";
                return;
            }

            throw new ConfigurationException($"{EnvironmentVariables.HttpAddress} {address} cannot be used ({reason}); choose another address or port, or off");
        }

        _app = app;
        host.GetRequiredService<CogHttpRouteTable>().IsServed = true;
        string bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? address.ToString();
        status.Address = new Uri(bound.EndsWith('/') ? bound : bound + "/");
        status.GeneratedToken = token.IsGenerated ? token.Value : null;
        WebLog.Listening(_logger, status.Address);
        if (settings.Mode == BotMode.Discord && settings.LogFormat == LogFormat.Json)
        {
            // With JSON logs stdout is a log stream a shipper collects: a plain line would break it, and the token
            // must not travel with the logs. A generated token goes to a file only this user can read.
            if (status.GeneratedToken is { } generated)
            {
                string file = WriteTokenFile(generated);
                WebLog.TokenWritten(_logger, status.Address, file);
            }
        }
        else if (settings.Mode == BotMode.Discord && status.Announcement is { } line)
        {
            // Printed once to the console, never to the log (where the token would be masked anyway), as Jupyter does.
            await Console.Out.WriteLineAsync(line);
        }
    }

    /// <summary>Writes the generated token to <c>dashboard-token</c> in the data directory, readable by this user only.</summary>
    private string WriteTokenFile(string generated)
    {
        string path = Path.Combine(settings.DataDirectory, TokenFileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path); // a new mode applies to a new file only
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(path, System.Text.Encoding.UTF8, options))
        {
            writer.WriteLine(generated);
        }

        return path;
    }

    /// <summary>Where a generated dashboard token is written when the logs are JSON.</summary>
    public const string TokenFileName = "dashboard-token";

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            host.GetRequiredService<CogHttpRouteTable>().IsServed = false;
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }
    }

    private WebApplication Build(Uri address)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(WebListener).Assembly.GetName().Name,
            ContentRootPath = settings.ContentRoot,
            Args = [],
        });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        // The bot's own host already says it started and stops; the listener's copies were noise in the log.
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddSingleton(loggers);
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodySize;
            IPAddress ip = address.HostNameType == UriHostNameType.Dns ? IPAddress.Loopback : IPAddress.Parse(address.Host.Trim('[', ']'));
            kestrel.Listen(ip, address.Port);
        });

        // The host's services the pages read; the listener owns none of them.
        builder.Services.AddSingleton(host.GetRequiredService<TimeProvider>());
        builder.Services.AddSingleton(host.GetRequiredService<ICogSupervisor>());
        builder.Services.AddSingleton(host.GetRequiredService<BotStatistics>());
        builder.Services.AddSingleton(host.GetRequiredService<IServicesStatistics>());
        builder.Services.AddSingleton(host.GetRequiredService<DiscordBot>());
        builder.Services.AddSingleton(host.GetRequiredService<SecretRegistry>());
        builder.Services.AddSingleton(host.GetRequiredService<RecentLogTarget>());
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(token);
        builder.Services.AddSingleton(new Readiness(host.GetRequiredService<DiscordBot>(), host.GetRequiredService<ICogSupervisor>(), host.GetRequiredService<IHostApplicationLifetime>(),
            host.GetService<AndyAI.Storage.DatabaseAccess>(), host.GetService<AndyAI.Cluster.RedisConnection>(), host.GetService<AndyAI.Cluster.Shards.RedisShardCoordinator>()));
        builder.Services.AddSingleton(host.GetRequiredService<InteractionSignature>());
        builder.Services.AddSingleton(_ => new InteractionReplayGuard(host.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(host.GetRequiredService<InteractionRouter>());
        builder.Services.AddSingleton(host.GetRequiredService<IInteractionClient>());
        builder.Services.AddSingleton(host.GetRequiredService<CogHttpRouteTable>());
        builder.Services.AddSingleton(_ => new CogRequestBodyBudget(CogRequestBodyBudget.DefaultCapacity));
        builder.Services.AddSingleton(_ => new CogRouteRateLimiter(host.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(_ => new CogRouteTokenRefusals(loggers, host.GetRequiredService<TimeProvider>()));
        if (host.GetService<ClusterAdmin>() is { } cluster) builder.Services.AddSingleton(cluster);
        builder.Services.AddSingleton<DashboardSessions>();
        builder.Services.AddSingleton<OverviewSampler>();

        IMeterFactory hostMeters = host.GetRequiredService<IMeterFactory>();
        string instanceId = host.GetRequiredService<Microsoft.Extensions.Options.IOptions<AndyAI.Cluster.ClusterOptions>>().Value.TelemetryInstanceId;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("andyai", serviceInstanceId: instanceId))
            .WithMetrics(metrics => AddHostMetrics(metrics, hostMeters)
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));

        WebApplication app = builder.Build();
        app.MapGet("/healthz", () => Results.Json(new HealthReport("ok"), WebJsonContext.Default.HealthReport));
        app.MapGet("/readyz", (Readiness readiness) =>
        {
            ReadinessReport report = readiness.Check();
            return Results.Json(report, WebJsonContext.Default.ReadinessReport, statusCode: report.IsReady ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        app.MapPrometheusScrapingEndpoint("/metrics");
        DashboardEndpoints.Map(app, host.GetRequiredService<IConfiguration>());
        if (host.GetRequiredService<InteractionSignature>().IsConfigured)
        {
            InteractionsEndpoint.Map(app);
        }

        CogRoutesEndpoint.Map(app);

        return app;
    }
}
