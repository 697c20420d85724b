using System.Net;
using AndyAI.Emulator.Control;
using AndyAI.Emulator.Gateway;
using AndyAI.Emulator.Recording;
using AndyAI.Emulator.Rest;
using AndyAI.Emulator.World;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging.Abstractions;

namespace AndyAI.Emulator;

/// <summary>
/// A local Discord (REST under <c>/api/v9|v10</c>, gateway WebSocket, test control API under <c>/_emulator</c>) on
/// 127.0.0.1. Start one per test fixture with <see cref="StartAsync"/>; dispose it to stop.
/// </summary>
public sealed partial class DiscordEmulator : IAsyncDisposable
{
    /// <summary>Path prefix of the HTTP control API; real Discord never serves it.</summary>
    public const string ControlPathPrefix = "/_emulator";

    private readonly WebApplication _app;
    private readonly EmulatorOptions _options;
    private readonly EmulatorWorld _world;
    private readonly GatewayHub _hub;
    private readonly RestApi _rest;
    private readonly RestRateLimiter _limiter;
    private readonly Recorder<RecordedRequest> _requests;
    private readonly Recorder<RecordedFrame> _frames;
    private readonly Recorder<EmulatorMessage> _botMessageEvents;
    private readonly FloodRunner _flood;
    private readonly Interactions.InteractionHub _interactions;
    private int _disposed;

    private DiscordEmulator(WebApplication app, EmulatorOptions options, EmulatorWorld world, GatewayHub hub, RestApi rest,
        RestRateLimiter limiter, Recorder<RecordedRequest> requests, Recorder<RecordedFrame> frames, Recorder<EmulatorMessage> botMessageEvents,
        Interactions.InteractionHub interactions)
    {
        _interactions = interactions;
        _app = app;
        _options = options;
        _world = world;
        _hub = hub;
        _rest = rest;
        _limiter = limiter;
        _requests = requests;
        _frames = frames;
        _botMessageEvents = botMessageEvents;
        _flood = new FloodRunner(world, hub, options.TimeProvider);
    }

    /// <summary>Starts an emulator on 127.0.0.1 with the default world (see <see cref="DefaultGuildId"/>).</summary>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">The options are invalid.</exception>
    public static async Task<DiscordEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default) =>
        await StartAsync(options, NullLoggerFactory.Instance, cancellationToken);

    /// <summary>Starts an emulator that logs through <paramref name="loggerFactory"/> (tokens are never logged).</summary>
    public static async Task<DiscordEmulator> StartAsync(EmulatorOptions? options, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options ??= new EmulatorOptions();
        options.Validate();
        // Copy, so that changing the caller's object later has no effect.
        options = Copy(options);

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(DiscordEmulator).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, PassiveHostLifetime>();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, options.Port);
            k.Limits.MaxRequestBodySize = 32 * 1024 * 1024;
        });
        WebApplication app = builder.Build();
        ILogger logger = loggerFactory.CreateLogger("AndyAI.Emulator");

        var world = new EmulatorWorld(options.TimeProvider);
        var frames = new Recorder<RecordedFrame>(options.MaxRecordedFrames);
        var requests = new Recorder<RecordedRequest>(options.MaxRecordedRequests);
        var hub = new GatewayHub(options, world, frames, logger);
        var limiter = new RestRateLimiter(options);
        var botMessageEvents = new Recorder<EmulatorMessage>(options.MaxRecordedRequests);
        var interactions = new Interactions.InteractionHub(options, world, hub, botMessageEvents);
        var rest = new RestApi(options, world, hub, limiter, requests, botMessageEvents, interactions);
        var emulator = new DiscordEmulator(app, options, world, hub, rest, limiter, requests, frames, botMessageEvents, interactions);
        emulator.CreateDefaultWorld();

        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.Run(emulator.RouteAsync);
        await app.StartAsync(cancellationToken);

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(address);
        emulator.BaseUrl = $"http://127.0.0.1:{uri.Port}";
        emulator.RestBaseUrl = emulator.BaseUrl + "/api";
        emulator.GatewayUrl = $"ws://127.0.0.1:{uri.Port}";
        hub.GatewayUrl = emulator.GatewayUrl;
        // A different (still loopback) path, so tests can tell resumes from fresh connections.
        hub.ResumeGatewayUrl = emulator.GatewayUrl + "/resume";
        rest.RestBaseUrl = emulator.RestBaseUrl;
        return emulator;
    }

    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public string BaseUrl { get; private set; } = "";
    /// <summary><c>http://127.0.0.1:PORT/api</c>; clients append <c>/v10</c>.</summary>
    public string RestBaseUrl { get; private set; } = "";
    /// <summary><c>ws://127.0.0.1:PORT</c> (no query; clients append <c>?v=10&amp;encoding=json</c>).</summary>
    public string GatewayUrl { get; private set; } = "";
    /// <summary>The READY <c>resume_gateway_url</c>: <c>ws://127.0.0.1:PORT/resume</c>.</summary>
    public string ResumeGatewayUrl => _hub.ResumeGatewayUrl;
    /// <summary>URL of the HTTP control API (see docs/emulator.md).</summary>
    public string ControlUrl => BaseUrl + ControlPathPrefix;
    /// <summary>The bot token (without the <c>Bot </c> prefix).</summary>
    public string BotToken => _options.BotToken;
    /// <summary>The bot's user id.</summary>
    public ulong BotUserId => _world.BotUserId;
    /// <summary>The application id (equal to the bot user id, as for bots created since 2016).</summary>
    public ulong ApplicationId => _world.ApplicationId;
    /// <summary>The options the emulator runs with (a copy of the ones passed in).</summary>
    public EmulatorOptions Options => _options;

    /// <summary>Requests and faults recorded so far, oldest first (bounded by <see cref="EmulatorOptions.MaxRecordedRequests"/>).</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.Snapshot();
    /// <summary>Gateway frames recorded so far, both directions, oldest first (flood frames excluded).</summary>
    public IReadOnlyList<RecordedFrame> Frames => _frames.Snapshot();
    /// <summary>Messages the bot created over REST, oldest first (with their edits and <c>allowed_mentions</c>).</summary>
    public IReadOnlyList<EmulatorMessage> BotMessages => _world.BotMessages();
    /// <summary>401/403/429 responses in the last 10 minutes (Discord bans at 10,000).</summary>
    public int InvalidRequestCount => _limiter.InvalidInLastTenMinutes();
    /// <summary>Open gateway connections.</summary>
    public int ConnectionCount => _hub.Connections.Count;
    /// <summary>Live (identified, not ended) gateway sessions.</summary>
    public int SessionCount => _hub.LiveSessions.Count;

    /// <summary>Waits for a REST request matching <paramref name="predicate"/> (already recorded ones count).</summary>
    /// <exception cref="TimeoutException">None arrived within <paramref name="timeout"/>.</exception>
    public Task<RecordedRequest> WaitForRequestAsync(Func<RecordedRequest, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _requests.WaitAsync(predicate, timeout, TimeProvider.System, cancellationToken);

    /// <summary>Waits for a gateway frame matching <paramref name="predicate"/> (already recorded ones count).</summary>
    public Task<RecordedFrame> WaitForFrameAsync(Func<RecordedFrame, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _frames.WaitAsync(predicate, timeout, TimeProvider.System, cancellationToken);

    /// <summary>Waits until <paramref name="count"/> recorded frames match.</summary>
    public Task<IReadOnlyList<RecordedFrame>> WaitForFramesAsync(Func<RecordedFrame, bool> predicate, int count, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _frames.WaitCountAsync(predicate, count, timeout, TimeProvider.System, cancellationToken);

    /// <summary>Waits for a dispatch the emulator sent, e.g. <c>"READY"</c>, <c>"RESUMED"</c>.</summary>
    public Task<RecordedFrame> WaitForDispatchAsync(string eventName, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForFrameAsync(f => f.Direction == FrameDirection.Sent && f.EventName == eventName, timeout, cancellationToken);

    /// <summary>Waits for a message the bot sent over REST matching <paramref name="predicate"/>.</summary>
    /// <remarks>Create and edit both wake waiters, so a predicate on <see cref="EmulatorMessage.Content"/> sees edits.</remarks>
    public Task<EmulatorMessage> WaitForBotMessageAsync(Func<EmulatorMessage, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _botMessageEvents.WaitAsync(predicate, timeout, TimeProvider.System, cancellationToken);

    /// <summary>Waits until an identified gateway session has a connection attached (READY or RESUMED delivered is not implied).</summary>
    public async Task WaitForConnectedSessionAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        while (!_hub.LiveSessions.Any(s => s.Connection is not null))
        {
            try
            {
                await WaitForFrameAsync(_ => true, timeout, cts.Token);
                await Task.Delay(10, cts.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No connected gateway session within {timeout}.");
            }
        }
    }

    /// <summary>Waits until no gateway connection is open (e.g. after a fault made the client drop it).</summary>
    public async Task WaitForNoConnectionsAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            while (!_hub.Connections.IsEmpty())
            {
                await Task.Delay(10, cts.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Gateway connections still open after {timeout}.");
        }
    }

    /// <summary>Forgets recorded requests, frames and interaction responses (messages stay).</summary>
    public void ClearRecordings()
    {
        _requests.Clear();
        _frames.Clear();
        _interactions.Responses.Clear();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _flood.Cancel();
        _flood.Dispose();
        _hub.ReleaseAccepts();
        _hub.ForEachConnection(c => c.Abort());
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _interactions.Endpoint.Dispose();
    }

    private async Task RouteAsync(HttpContext context)
    {
        PathString path = context.Request.Path;
        if (path.StartsWithSegments("/api", out PathString rest))
        {
            string r = rest.Value ?? "";
            // /api/v9 and /api/v10 share handlers; an unversioned /api/... behaves like the default version.
            ReadOnlyMemory<char> route = r.StartsWith("/v10/", StringComparison.Ordinal) || r == "/v10" ? r.AsMemory(4)
                : r.StartsWith("/v9/", StringComparison.Ordinal) || r == "/v9" ? r.AsMemory(3)
                : r.AsMemory();
            await _rest.HandleAsync(context, route);
            return;
        }
        if (path.StartsWithSegments(ControlPathPrefix, out PathString controlPath))
        {
            await ControlApi.HandleAsync(this, context, controlPath.Value ?? "");
            return;
        }
        if (context.WebSockets.IsWebSocketRequest)
        {
            await _hub.WaitForAcceptAsync(context.RequestAborted);
            (System.Net.WebSockets.WebSocket socket, CoalescingStream stream) = await AcceptWebSocketAsync(context);
            using (socket)
            {
                IQueryCollection q = context.Request.Query;
                await _hub.AcceptAsync(socket, stream, q["v"].FirstOrDefault(), q["encoding"].FirstOrDefault(), q["compress"].FirstOrDefault());
            }
            return;
        }
        context.Response.StatusCode = 404;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("{\"message\":\"404: Not Found\",\"code\":0}");
    }

    /// <summary>
    /// The RFC 6455 handshake done by hand (instead of AcceptWebSocketAsync) so the socket writes through a
    /// <see cref="CoalescingStream"/> that batches frames into few syscalls.
    /// </summary>
    private static async Task<(System.Net.WebSockets.WebSocket, CoalescingStream)> AcceptWebSocketAsync(HttpContext context)
    {
        Microsoft.AspNetCore.Http.Features.IHttpUpgradeFeature upgrade = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpUpgradeFeature>()
            ?? throw new InvalidOperationException("The server does not support connection upgrades.");
        string key = context.Request.Headers["Sec-WebSocket-Key"].ToString();
#pragma warning disable CA5350 // SHA-1 is what RFC 6455 mandates for Sec-WebSocket-Accept; it protects nothing.
        string accept = Convert.ToBase64String(System.Security.Cryptography.SHA1.HashData(
            System.Text.Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
#pragma warning restore CA5350
        context.Response.Headers.Connection = "Upgrade";
        context.Response.Headers.Upgrade = "websocket";
        context.Response.Headers["Sec-WebSocket-Accept"] = accept;
        Stream opaque = await upgrade.UpgradeAsync();
        var stream = new CoalescingStream(opaque);
        var socket = System.Net.WebSockets.WebSocket.CreateFromStream(stream, new System.Net.WebSockets.WebSocketCreationOptions
        {
            IsServer = true,
            KeepAliveInterval = TimeSpan.Zero,
        });
        return (socket, stream);
    }

    private static EmulatorOptions Copy(EmulatorOptions o) => new()
    {
        Port = o.Port,
        BotToken = o.BotToken,
        HeartbeatInterval = o.HeartbeatInterval,
        HeartbeatGrace = o.HeartbeatGrace,
        SessionResumeWindow = o.SessionResumeWindow,
        ReplayBufferSize = o.ReplayBufferSize,
        GrantedPrivilegedIntents = o.GrantedPrivilegedIntents,
        MaxConcurrency = o.MaxConcurrency,
        IdentifyWindow = o.IdentifyWindow,
        SessionStartLimit = o.SessionStartLimit,
        RecommendedShards = o.RecommendedShards,
        MaxGuildsPerShard = o.MaxGuildsPerShard,
        GatewaySendLimitPerMinute = o.GatewaySendLimitPerMinute,
        EnforceRestRateLimits = o.EnforceRestRateLimits,
        GlobalRateLimitPerSecond = o.GlobalRateLimitPerSecond,
        MessageRateLimit = o.MessageRateLimit,
        MessageRateLimitWindow = o.MessageRateLimitWindow,
        DefaultRateLimit = o.DefaultRateLimit,
        DefaultRateLimitWindow = o.DefaultRateLimitWindow,
        MaxRecordedRequests = o.MaxRecordedRequests,
        MaxRecordedFrames = o.MaxRecordedFrames,
        TimeProvider = o.TimeProvider,
    };
}
