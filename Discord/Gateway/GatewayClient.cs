using AndyAI.Abstractions;
using System.Threading.Channels;
using AndyAI.Discord.Json;
using AndyAI.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace AndyAI.Discord.Gateway;

/// <summary>
/// Runs this process's shards: discovers the gateway through <c>GET /gateway/bot</c>, spaces identifies, and
/// merges every shard's parsed events into one bounded channel read by the dispatcher.
/// </summary>
internal sealed partial class GatewayClient : IAsyncDisposable, IShardRunner
{
    // How long a shard handed to another process may take to close: Discord answers a close at once; past this the
    // socket is dropped, which keeps the session as well.
    private static readonly TimeSpan HandOffCloseLimit = TimeSpan.FromSeconds(5);

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
    private readonly IShardCoordinator? _coordinator;
    // Coordinated mode (several processes share the bot): shards come and go while the client runs.
    private readonly Lock _shardsGate = new();
    private readonly Dictionary<int, (GatewayShard Shard, CancellationTokenSource Stop, Task Run)> _running = [];
    private GatewayShardContext? _shardContext;
    private Uri? _gatewayUrl;
    private CancellationToken _shardsToken;
    private DiscordGatewayException? _shardFatal;
    private int _shardCount;
    private GatewayShard[] _shards = [];
    private bool _stopRequested;
    private Task _run = Task.CompletedTask;
    private int _started;
    private int _disposed;

    public GatewayClient(
        DiscordClientOptions options,
        DiscordRestClient rest,
        IGatewayConnectionFactory connections,
        TimeProvider time,
        ILogger logger,
        Random? random = null,
        IShardCoordinator? coordinator = null,
        IIdentifyCoordinator? identifyCoordinator = null)
    {
        _coordinator = coordinator;
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
        IdentifyGate = new IdentifyGate(time, logger, identifyCoordinator);
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
        GatewayShard[] shards;
        lock (_shardsGate)
        {
            Volatile.Write(ref _stopRequested, true);
            shards = Volatile.Read(ref _shards);
        }

        await _discoveryStop.CancelAsync();
        foreach (GatewayShard shard in shards)
        {
            try
            {
                // Coordinated: another process resumes the session after this one released the lease.
                await shard.StopAsync(cancellationToken, keepSession: _coordinator is not null);
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
                if (Volatile.Read(ref _stopRequested))
                {
                    // Stopped before the shards ran.
                }
                else if (_coordinator is not null)
                {
                    await RunCoordinatedAsync(_coordinator);
                }
                else
                {
                    await RunShardsAsync(shards);
                }
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
            LogDiscoveryFailed(_logger, attempt, failure.Message, DurationText.Format(delay));
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
        var context = new GatewayShardContext(_options, _connections, IdentifyGate, Filter, State, _events.Writer, _time, _random, _logger, _coordinator);
        if (_coordinator is not null)
        {
            // The coordinator starts the shards this process wins, one by one.
            _shardContext = context;
            _gatewayUrl = url;
            _shardCount = count;
            LogCoordinated(_logger, count, IdentifyGate.MaxConcurrency);
            return [];
        }

        if (_options.ShardIds is { Count: > 0 } ids)
        {
            if (ids.FirstOrDefault(id => id < 0 || id >= count, -1) is var outside and >= 0)
            {
                throw new DiscordGatewayException($"Shard {outside} does not fit a shard count of {count}: check SHARD_IDS and SHARD_COUNT.");
            }

            LogStartingList(_logger, string.Join(',', ids), count, IdentifyGate.MaxConcurrency);
            return [.. ids.Distinct().Order().Select(id => new GatewayShard(id, count, url, context))];
        }

        int first = _options.FirstShardId;
        int last = _options.LastShardId < 0 ? count - 1 : _options.LastShardId;
        if (first >= count || last >= count || last < first)
        {
            throw new DiscordGatewayException($"Shards {first}..{last} do not fit a shard count of {count}: check Discord:FirstShardId/LastShardId/ShardCount.");
        }

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

    /// <summary>
    /// The dispatcher delivered <paramref name="e"/> to a subscriber: a coordinated shard's stored session moves past
    /// it, so a process that takes the shard over does not replay an event already handled.
    /// </summary>
    public void OnDelivered(GatewayEvent e)
    {
        if (_coordinator is null || e.Sequence == 0) return;
        GatewayShard? shard;
        lock (_shardsGate) shard = _running.TryGetValue(e.ShardId, out var entry) ? entry.Shard : null;
        if (shard?.CurrentSession is { } session) _coordinator.OnSessionAdvanced(e.ShardId, session with { Sequence = e.Sequence });
    }

    int IShardRunner.ShardCount => _shardCount;

    IReadOnlyCollection<int> IShardRunner.RunningShardIds
    {
        get
        {
            lock (_shardsGate) return [.. _running.Keys];
        }
    }

    async ValueTask<bool> IShardRunner.StartShardAsync(int shardId, ShardSession? session, CancellationToken cancellationToken)
    {
        GatewayShardContext context = _shardContext ?? throw new InvalidOperationException("The gateway was not discovered yet.");
        if (shardId < 0 || shardId >= _shardCount) throw new ArgumentOutOfRangeException(nameof(shardId), shardId, $"Not a shard of {_shardCount}.");
        if (session is not null && (State.BotUserId == 0 || State.ApplicationId == 0))
        {
            // A session taken over has no READY in this process: who the bot is (to see its mentions) and its
            // application (for interaction follow-ups) come from REST.
            Json.JsonUser me = await _rest.GetCurrentUserAsync(cancellationToken);
            Json.JsonApplication application = await _rest.GetCurrentApplicationAsync(cancellationToken);
            State.SetIdentity(me.Id, me.Username ?? "", application.Id);
            Filter.SetBotUserId(me.Id);
        }

        // Nor GUILD_CREATE: the bot's managed roles in the shard's guilds come with the session, from its last owner.
        foreach ((ulong guildId, ulong roleId) in session?.ManagedRoles ?? new Dictionary<ulong, ulong>())
        {
            State.SetManagedRole(guildId, roleId);
            Filter.AddManagedRole(roleId);
        }

        // Nor the shard's guilds (count, owners, roles and permissions, channels, threads): restored before the resume,
        // so the events it replays apply on top of them.
        foreach (GuildSnapshot guild in session?.Guilds ?? []) State.Restore(guild);

        lock (_shardsGate)
        {
            if (Volatile.Read(ref _stopRequested) || _shardsToken.IsCancellationRequested || _running.ContainsKey(shardId)) return false;
            var shard = new GatewayShard(shardId, _shardCount, _gatewayUrl!, context, session);
            var stop = CancellationTokenSource.CreateLinkedTokenSource(_shardsToken);
            // Said before the shard's task starts, so it reads before the shard's own "connecting" line.
            LogShardTaken(_logger, shardId, session is null ? "identify" : "resume");
            Task run = Task.Run(() => RunCoordinatedShardAsync(shard, stop.Token), CancellationToken.None);
            _running[shardId] = (shard, stop, run);
            Volatile.Write(ref _shards, [.. _running.Values.Select(r => r.Shard).OrderBy(s => s.ShardId)]);
        }

        return true;
    }

    async Task IShardRunner.AbandonShardAsync(int shardId)
    {
        (GatewayShard Shard, CancellationTokenSource Stop, Task Run) entry;
        lock (_shardsGate)
        {
            if (!_running.Remove(shardId, out entry)) return;
            Volatile.Write(ref _shards, [.. _running.Values.Select(r => r.Shard).OrderBy(s => s.ShardId)]);
        }

        LogShardAbandoned(_logger, shardId);
        // No close frame: the session stays resumable for the process that owns the lease now.
        await entry.Stop.CancelAsync();
        await entry.Run;
        entry.Stop.Dispose();
        await entry.Shard.DisposeAsync();

        ForgetGuildsOf(shardId);
    }

    // A shard's guilds are another process's once it has gone: not counted here (a sum over the processes counts each
    // guild once), nor checked against what this process saw last. Discord's rule: shard = (guild_id >> 22) % count.
    private void ForgetGuildsOf(int shardId)
    {
        foreach (ulong guild in State.GuildIds)
        {
            if ((int)((guild >> 22) % (ulong)_shardCount) == shardId) State.RemoveGuild(guild);
        }
    }

    async Task IShardRunner.HandOffShardAsync(int shardId, Func<ShardSession?, Task> release)
    {
        (GatewayShard Shard, CancellationTokenSource Stop, Task Run) entry;
        lock (_shardsGate)
        {
            if (!_running.Remove(shardId, out entry)) return;
            Volatile.Write(ref _shards, [.. _running.Values.Select(r => r.Shard).OrderBy(s => s.ShardId)]);
        }

        try
        {
            // A close with a code other than 1000/1001 keeps the session: the next owner resumes it.
            using var closing = new CancellationTokenSource(HandOffCloseLimit, _time);
            try
            {
                await entry.Shard.StopAsync(closing.Token, keepSession: true);
                await entry.Run.WaitAsync(closing.Token);
            }
            catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or IOException or OperationCanceledException)
            {
                // Gone or not answering: dropped without a close frame, which keeps the session all the same.
                await entry.Stop.CancelAsync();
                await entry.Run;
            }

            // Read after the shard stopped: what it received up to its close is handled here (it is queued for the
            // dispatcher already), so the next owner resumes after it and nothing is handled twice.
            await release(entry.Shard.CurrentSession);
        }
        finally
        {
            entry.Stop.Dispose();
            await entry.Shard.DisposeAsync();
            ForgetGuildsOf(shardId);
        }
    }

    IReadOnlyList<KeyValuePair<ulong, GuildSnapshot?>> IShardRunner.DescribeGuilds(IReadOnlyCollection<ulong> guildIds) => State.Describe(guildIds);

    (ShardSession? Session, bool Healthy) IShardRunner.Inspect(int shardId)
    {
        GatewayShard? shard;
        lock (_shardsGate) shard = _running.TryGetValue(shardId, out var entry) ? entry.Shard : null;
        return shard is null ? (null, false) : (shard.CurrentSession, shard.Status == GatewayShardStatus.Ready);
    }

    private async Task RunCoordinatedAsync(IShardCoordinator coordinator)
    {
        using var fatal = CancellationTokenSource.CreateLinkedTokenSource(_hardStop.Token);
        using var coordination = CancellationTokenSource.CreateLinkedTokenSource(fatal.Token, _discoveryStop.Token);
        lock (_shardsGate) _shardsToken = fatal.Token;
        Task watchFatal = WatchFatalAsync(fatal, coordination.Token);
        try
        {
            await coordinator.RunAsync(this, coordination.Token);
        }
        catch (OperationCanceledException) when (coordination.IsCancellationRequested)
        {
            // Stopping, or a shard failed for good.
        }

        await coordination.CancelAsync();
        await watchFatal;
        Task[] runs;
        lock (_shardsGate) runs = [.. _running.Values.Select(r => r.Run)];
        await Task.WhenAll(runs);
        if (Volatile.Read(ref _shardFatal) is { } error) throw error;

        // Aborted (no handshakes at all): the leases expire on their own, as after a crash.
        if (_hardStop.IsCancellationRequested) return;
        try
        {
            using var release = new CancellationTokenSource(TimeSpan.FromSeconds(3), _time);
            await coordinator.ReleaseAsync(this, release.Token);
        }
        catch (OperationCanceledException)
        {
            // The store did not answer in time: the leases expire on their own.
        }

        lock (_shardsGate)
        {
            foreach ((GatewayShard _, CancellationTokenSource stop, Task _) in _running.Values) stop.Dispose();
        }
    }

    // A fatal close code (bad token, disallowed intents) holds for every shard: stop them all.
    private async Task WatchFatalAsync(CancellationTokenSource fatal, CancellationToken coordination)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, coordination);
        }
        catch (OperationCanceledException)
        {
            if (Volatile.Read(ref _shardFatal) is not null) await fatal.CancelAsync();
        }
    }

    private async Task RunCoordinatedShardAsync(GatewayShard shard, CancellationToken cancellationToken)
    {
        try
        {
            await shard.RunAsync(cancellationToken);
        }
        catch (DiscordGatewayException ex)
        {
            Interlocked.CompareExchange(ref _shardFatal, ex, null);
            await _discoveryStop.CancelAsync();
        }
    }

    [LoggerMessage(LogLevel.Warning, "Discord is not reachable (attempt {Attempt}: {Error}); trying again in {Delay}")]
    private static partial void LogDiscoveryFailed(ILogger logger, int attempt, string error, string delay);

    [LoggerMessage(LogLevel.Information, "Starting shards {First}..{Last} of {Count} (identify concurrency {MaxConcurrency})")]
    private static partial void LogStarting(ILogger logger, int first, int last, int count, int maxConcurrency);

    [LoggerMessage(LogLevel.Information, "Starting shards {Ids} of {Count} (identify concurrency {MaxConcurrency})")]
    private static partial void LogStartingList(ILogger logger, string ids, int count, int maxConcurrency);

    [LoggerMessage(LogLevel.Information, "{Count} shards, shared with other processes: this one runs the shards it holds a lease for (identify concurrency {MaxConcurrency})")]
    private static partial void LogCoordinated(ILogger logger, int count, int maxConcurrency);

    [LoggerMessage(LogLevel.Information, "Shard {ShardId} is ours now; starting it ({Mode})")]
    private static partial void LogShardTaken(ILogger logger, int shardId, string mode);

    [LoggerMessage(LogLevel.Warning, "Shard {ShardId} belongs to another process now; stopping it here without ending its session")]
    private static partial void LogShardAbandoned(ILogger logger, int shardId);
}
