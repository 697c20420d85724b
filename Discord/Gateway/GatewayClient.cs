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
    private GatewayShard[] _shards = [];
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

    public IReadOnlyList<GatewayShard> Shards => _shards;

    /// <summary>Completes when every shard stopped; faults with <see cref="DiscordGatewayException"/> on a fatal close code.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Discovers the gateway and starts the shards; returns without waiting for READY.</summary>
    /// <exception cref="DiscordRestException">Discovery failed (for example 401: the token is invalid).</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.Exchange(ref _started, 1) != 0) throw new InvalidOperationException("The gateway client was already started.");
        JsonGatewayBot gateway = await _rest.GetGatewayBotAsync(cancellationToken);
        if (gateway.SessionStartLimit is { } limit) IdentifyGate.Update(limit);
        if (!Uri.TryCreate(gateway.Url, UriKind.Absolute, out Uri? url))
        {
            throw new DiscordRestException(200, 0, $"GET /gateway/bot returned an unusable url '{gateway.Url}'");
        }

        int count = _options.ShardCount > 0 ? _options.ShardCount : Math.Max(1, gateway.Shards);
        int first = _options.FirstShardId;
        int last = _options.LastShardId < 0 ? count - 1 : _options.LastShardId;
        if (first >= count || last >= count || last < first)
        {
            throw new InvalidOperationException($"Shards {first}..{last} do not fit a shard count of {count}: check Discord:FirstShardId/LastShardId/ShardCount.");
        }

        var context = new GatewayShardContext(_options, _connections, IdentifyGate, Filter, State, _events.Writer, _time, _random, _logger);
        _shards = [.. Enumerable.Range(first, last - first + 1).Select(id => new GatewayShard(id, count, url, context))];
        LogStarting(_logger, first, last, count, IdentifyGate.MaxConcurrency);
        _run = RunShardsAsync();
    }

    /// <summary>Waits until every shard of this process received READY once.</summary>
    public Task WaitUntilReadyAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_shards.Select(s => s.FirstReady)).WaitAsync(cancellationToken);

    /// <summary>Closes every shard with 1000 and waits (up to <paramref name="cancellationToken"/>) for them to end.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (GatewayShard shard in _shards)
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

        try
        {
            await _run;
        }
        catch (DiscordGatewayException)
        {
            // Already reported through Completion.
        }
    }

    /// <summary>Stops every shard at once, without close handshakes. Safe at any time, also after <see cref="DisposeAsync"/>.</summary>
    public void Abort() => _hardStop.Cancel();

    /// <summary>Aborts the shards, waits for them to end and frees their buffers. Idempotent, and safe to call concurrently with <see cref="StopAsync"/> and <see cref="Abort"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _hardStop.CancelAsync();
        try
        {
            await _run;
        }
        catch (DiscordGatewayException)
        {
        }

        foreach (GatewayShard shard in _shards) await shard.DisposeAsync();
    }

    private async Task RunShardsAsync()
    {
        using var fatal = CancellationTokenSource.CreateLinkedTokenSource(_hardStop.Token);
        Task[] runs = [.. _shards.Select(shard => RunShardAsync(shard, fatal))];
        Exception? error = null;
        try
        {
            await Task.WhenAll(runs);
        }
        catch (DiscordGatewayException ex)
        {
            error = ex;
        }

        _events.Writer.TryWrite(new GatewayEvent(GatewayEventKind.Stopped, -1, Error: error));
        _events.Writer.TryComplete();
        if (error is null) _completion.TrySetResult();
        else _completion.TrySetException(error);
        if (error is not null) throw error;
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

    [LoggerMessage(LogLevel.Information, "Starting shards {First}..{Last} of {Count} (identify concurrency {MaxConcurrency})")]
    private static partial void LogStarting(ILogger logger, int first, int last, int count, int maxConcurrency);
}
