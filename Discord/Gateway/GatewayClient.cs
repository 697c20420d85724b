using System.Threading.Channels;
using AndyAI.Discord.Json;
using AndyAI.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace AndyAI.Discord.Gateway;

/// <summary>
/// Runs this process's shards: discovers the gateway through <c>GET /gateway/bot</c>, spaces identifies, and
/// merges every shard's parsed events into one bounded channel read by the dispatcher.
/// </summary>
internal sealed partial class GatewayClient : IAsyncDisposable
{
    private readonly DiscordClientOptions _options;
    private readonly DiscordRestClient _rest;
    private readonly IGatewayConnectionFactory _connections;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<GatewayEvent> _events;
    private readonly Random _random;
    // Never disposed, on purpose: StopAsync, Abort and DisposeAsync can run concurrently (the host disposes while a
    // timed-out stop is still cancelling), and cancelling a disposed source throws ObjectDisposedException. It owns no
    // timer and no wait handle, and the only source linked to it is disposed by RunShardsAsync, so there is nothing
    // to release.
    private readonly CancellationTokenSource _hardStop = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Same reasoning as _hardStop: StopAsync cancels it while discovery may be disposing its linked source.
    private readonly CancellationTokenSource _discoveryStop = new();
    private GatewayShard[] _shards = [];
    private bool _stopRequested;
    private Task _run = Task.CompletedTask;
    private int _started;
    private int _disposed;

    public GatewayClient(DiscordClientOptions options, DiscordRestClient rest, IGatewayConnectionFactory connections, TimeProvider time, ILogger logger, Random? random = null)
    {
        _options = options;
        _rest = rest;
        _connections = connections;
        _time = time;
        _logger = logger;
        _random = random ?? Random.Shared;
        _events = Channel.CreateBounded<GatewayEvent>(new BoundedChannelOptions(options.DispatchQueueCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        Filter = new MessageCreateFilter(options.CommandPrefix);
        IdentifyGate = new IdentifyGate(time, logger);
    }

    public MessageCreateFilter Filter { get; }

    public GatewayState State { get; } = new();

    public IdentifyGate IdentifyGate { get; }

    public ChannelReader<GatewayEvent> Events => _events.Reader;

    /// <summary>The shards of this process; empty until discovery succeeded.</summary>
    public IReadOnlyList<GatewayShard> Shards => Volatile.Read(ref _shards);

    /// <summary>
    /// Completes when every shard stopped; faults with <see cref="DiscordGatewayException"/> on a fatal close code or
    /// unusable shard settings, or with <see cref="DiscordRestException"/> when discovery got a final answer (401).
    /// </summary>
    public Task Completion => _completion.Task;

    /// <summary>
    /// Starts discovering the gateway and then the shards in the background; returns at once, so a host is never held
    /// up by an unreachable Discord. Discovery retries transient failures (no answer, 5xx, 429, a body it cannot
    /// read) with capped, jittered backoff for as long as it takes; an answer that retrying cannot change (401, any
    /// other 4xx) or shard settings that do not fit fault <see cref="Completion"/>.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (Interlocked.Exchange(ref _started, 1) != 0) throw new InvalidOperationException("The gateway client was already started.");
        _run = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Closes every shard with 1000 and waits (up to <paramref name="cancellationToken"/>) for them to end.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Set before reading _shards: RunAsync publishes the shards before it reads this flag, so either it sees the
        // flag and never runs them, or this loop sees them and closes them.
        Volatile.Write(ref _stopRequested, true);
        await _discoveryStop.CancelAsync();
        foreach (GatewayShard shard in Volatile.Read(ref _shards))
        {
            try
            {
                await shard.StopAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or IOException or OperationCanceledException)
            {
                // The socket is already gone; the shard loop ends on its own.
            }
        }

        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(5), _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            await _hardStop.CancelAsync();
        }
        catch (OperationCanceledException)
        {
            await _hardStop.CancelAsync();
        }

        await _run;
    }

    /// <summary>Stops every shard at once, without close handshakes. Safe at any time, also after <see cref="DisposeAsync"/>.</summary>
    public void Abort() => _hardStop.Cancel();

    /// <summary>Aborts the shards, waits for them to end and frees their buffers. Idempotent, and safe to call concurrently with <see cref="StopAsync"/> and <see cref="Abort"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _hardStop.CancelAsync();
        await _run;
        foreach (GatewayShard shard in _shards) await shard.DisposeAsync();
    }

    /// <summary>Discovers, runs the shards, and reports how it ended; never throws (the outcome is <see cref="Completion"/>).</summary>
    private async Task RunAsync()
    {
        Exception? error = null;
        try
        {
            if (await DiscoverAsync() is { } shards)
            {
                Volatile.Write(ref _shards, shards);
                if (!Volatile.Read(ref _stopRequested)) await RunShardsAsync(shards);
            }
        }
        catch (Exception ex) when (ex is DiscordGatewayException or DiscordRestException)
        {
            error = ex;
        }

        _events.Writer.TryWrite(new GatewayEvent(GatewayEventKind.Stopped, -1, Error: error));
        _events.Writer.TryComplete();
        if (error is null) _completion.TrySetResult();
        else _completion.TrySetException(error);
    }

    /// <returns>The shards to run, or <see langword="null"/> when stopped before Discord answered.</returns>
    private async Task<GatewayShard[]?> DiscoverAsync()
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_hardStop.Token, _discoveryStop.Token);
        var backoff = new ReconnectPolicy(_options.MaxReconnectDelay, _random);
        for (int attempt = 1; ; attempt++)
        {
            Exception failure;
            try
            {
                JsonGatewayBot gateway = await _rest.GetGatewayBotAsync(stop.Token);
                if (Uri.TryCreate(gateway.Url, UriKind.Absolute, out Uri? url)) return CreateShards(gateway, url);
                failure = new DiscordRestException(200, 0, $"GET /gateway/bot returned an unusable url '{gateway.Url}'");
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return null;
            }
            catch (DiscordRestException ex) when (IsFatal(ex))
            {
                throw;
            }
            catch (Exception ex) when (ex is DiscordRestException or System.Text.Json.JsonException)
            {
                failure = ex;
            }

            TimeSpan delay = backoff.GetDelay(attempt);
            LogDiscoveryFailed(_logger, attempt, failure.Message, delay);
            try
            {
                await Task.Delay(delay, _time, stop.Token);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
    }

    // 401 (bad token) and the other 4xx (a wrong ApiBaseUrl, a revoked application) are answers retrying cannot
    // change; 408 and 429 say "later".
    private static bool IsFatal(DiscordRestException ex) => ex.HttpStatus is >= 400 and < 500 and not 408 and not 429;

    private GatewayShard[] CreateShards(JsonGatewayBot gateway, Uri url)
    {
        if (gateway.SessionStartLimit is { } limit) IdentifyGate.Update(limit);
        int count = _options.ShardCount > 0 ? _options.ShardCount : Math.Max(1, gateway.Shards);
        int first = _options.FirstShardId;
        int last = _options.LastShardId < 0 ? count - 1 : _options.LastShardId;
        if (first >= count || last >= count || last < first)
        {
            throw new DiscordGatewayException($"Shards {first}..{last} do not fit a shard count of {count}: check Discord:FirstShardId/LastShardId/ShardCount.");
        }

        var context = new GatewayShardContext(_options, _connections, IdentifyGate, Filter, State, _events.Writer, _time, _random, _logger);
        LogStarting(_logger, first, last, count, IdentifyGate.MaxConcurrency);
        return [.. Enumerable.Range(first, last - first + 1).Select(id => new GatewayShard(id, count, url, context))];
    }

    private async Task RunShardsAsync(GatewayShard[] shards)
    {
        using var fatal = CancellationTokenSource.CreateLinkedTokenSource(_hardStop.Token);
        await Task.WhenAll(shards.Select(shard => RunShardAsync(shard, fatal)));
    }

    private static async Task RunShardAsync(GatewayShard shard, CancellationTokenSource fatal)
    {
        try
        {
            await shard.RunAsync(fatal.Token);
        }
        catch (DiscordGatewayException)
        {
            // A fatal code (bad token, disallowed intents) holds for every shard: stop them all.
            await fatal.CancelAsync();
            throw;
        }
    }

    [LoggerMessage(LogLevel.Warning, "Discord is not reachable (attempt {Attempt}: {Error}); trying again in {Delay}")]
    private static partial void LogDiscoveryFailed(ILogger logger, int attempt, string error, TimeSpan delay);

    [LoggerMessage(LogLevel.Information, "Starting shards {First}..{Last} of {Count} (identify concurrency {MaxConcurrency})")]
    private static partial void LogStarting(ILogger logger, int first, int last, int count, int maxConcurrency);
}
