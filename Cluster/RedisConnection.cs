using AndyAI.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AndyAI.Cluster;

/// <summary>
/// The process's one Redis connection. It never holds up the start: it connects in the background and
/// StackExchange.Redis keeps reconnecting for as long as it takes. Everything that uses Redis asks
/// <see cref="Database"/> first and works alone (local cache, local buckets, the shards it holds) while it is
/// <see langword="null"/>. An outage is logged once when it starts and once when it ends.
/// </summary>
internal sealed partial class RedisConnection : IAsyncDisposable
{
    private readonly ClusterOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TaskCompletionSource<ConnectionMultiplexer> _multiplexer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _endpoints;
    private ConnectionMultiplexer? _mux;
    private Task _connect = Task.CompletedTask;
    private int _started;
    private int _down;
    private long _outageStarted;
    private int _disposed;
    private int _credentialsRefused;
    private int _everConnected;

    public RedisConnection(IOptions<ClusterOptions> options, TimeProvider time, ILogger<RedisConnection> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _logger = logger;
        InstanceName = _options.ResolvedInstanceName;
        // Leases belong to a process, not to a name: two processes given the same INSTANCE_NAME still never share one.
        OwnerId = InstanceName + "/" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
        Prefix = _options.KeyPrefix;
        _endpoints = _options.IsEnabled ? string.Join(',', ConfigurationOptions.Parse(_options.RedisUrl!).EndPoints.Select(e => e.ToString())) : "";
    }

    /// <summary>This process's name (INSTANCE_NAME or host-pid).</summary>
    public string InstanceName { get; }

    /// <summary>The value this process writes into leases: its name plus a random suffix.</summary>
    public string OwnerId { get; }

    /// <summary>The key and channel prefix.</summary>
    public string Prefix { get; }

    /// <summary>Where Redis is, without credentials (for logs and reports).</summary>
    public string Endpoints => _endpoints;

    public ClusterOptions Options => _options;

    /// <summary>
    /// Whether Redis answered the last attempt but refused REDIS_URL's user or password: it stays so until someone
    /// fixes the setting (or the server's), so reports say that rather than "unreachable".
    /// </summary>
    public bool CredentialsRefused => Volatile.Read(ref _credentialsRefused) != 0;

    /// <summary>Whether Redis answers now.</summary>
    public bool IsAvailable => Volatile.Read(ref _mux)?.IsConnected == true;

    /// <summary>The database while Redis answers, else <see langword="null"/> (work alone).</summary>
    public IDatabase? Database => Volatile.Read(ref _mux) is { IsConnected: true } mux ? mux.GetDatabase() : null;

    /// <summary>The multiplexer once created (connected or not); <see langword="null"/> before.</summary>
    public ConnectionMultiplexer? Multiplexer => Volatile.Read(ref _mux);

    /// <summary>Completes when the multiplexer exists (it may still be trying to connect).</summary>
    public Task<ConnectionMultiplexer> Created => _multiplexer.Task;

    /// <summary>Raised (on a StackExchange.Redis thread) when Redis answers again after an outage, or for the first time.</summary>
    public event Action? Restored;

    /// <summary>Starts connecting in the background; returns at once.</summary>
    public void Start()
    {
        if (!_options.IsEnabled || Interlocked.Exchange(ref _started, 1) != 0) return;
        _outageStarted = _time.GetTimestamp();
        _connect = Task.Run(ConnectAsync);
    }

    private async Task ConnectAsync()
    {
        ConfigurationOptions config = ConfigurationOptions.Parse(_options.RedisUrl!);
        // Never fail the start over Redis: keep retrying in the background and work alone meanwhile.
        config.AbortOnConnectFail = false;
        config.ClientName ??= InstanceName.Replace(' ', '-');
        config.ConnectTimeout = Math.Min(config.ConnectTimeout, 3000);
        // Rate-limit checks are synchronous calls on a loopback or LAN round trip; a stalled server must not stall
        // an answer for the library's default 5 s, so they give up after one and fall back to the local bucket.
        config.SyncTimeout = Math.Min(config.SyncTimeout, 1000);
        config.AsyncTimeout = Math.Min(config.AsyncTimeout, 3000);
        config.KeepAlive = 5;
        config.ReconnectRetryPolicy = new ExponentialRetry(250, 5000);
        config.HeartbeatInterval = TimeSpan.FromSeconds(1);
        // While Redis is away every caller works alone at once; a backlog would hold each one up to the timeout.
        config.BacklogPolicy = BacklogPolicy.FailFast;
        try
        {
            // The first attempt's failures are raised before the events below are ours; its log says why.
            using var firstAttempt = new FailureLog();
            ConnectionMultiplexer mux = await ConnectionMultiplexer.ConnectAsync(config, firstAttempt);
            mux.ConnectionFailed += (_, e) => OnFailed(e.FailureType.ToString(), e.Exception?.Message);
            mux.ConnectionRestored += (_, _) => OnRestored();
            Volatile.Write(ref _mux, mux);
            _multiplexer.TrySetResult(mux);
            if (mux.IsConnected) OnRestored();
            else OnFailed(firstAttempt.AuthenticationFailed ? nameof(ConnectionFailureType.AuthenticationFailure) : "UnableToConnect", null);
        }
        catch (Exception ex) when (ex is RedisException or ArgumentException or InvalidOperationException)
        {
            // Not a connection failure (those keep retrying): a configuration the library rejects after parsing.
            LogUnusable(_logger, _endpoints, ex.Message);
            _multiplexer.TrySetException(ex);
        }
    }

    private void OnFailed(string failure, string? detail)
    {
        if (Volatile.Read(ref _disposed) != 0) return;
        // A refused user or password is said once, apart (not as "unreachable"): it will not pass by itself.
        bool refused = failure == nameof(ConnectionFailureType.AuthenticationFailure);
        if (refused && Interlocked.Exchange(ref _credentialsRefused, 1) == 0)
        {
            LogCredentialsRefused(_logger, _endpoints, DescribeFailure(failure, detail));
        }

        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            _outageStarted = _time.GetTimestamp();
            if (!refused) LogUnreachable(_logger, _endpoints, DescribeFailure(failure, detail));
        }
    }

    // Raised for each of the multiplexer's connections (commands and pub/sub), often at once on two threads: only the
    // first after an outage (or the very first) is logged. Restored is raised for each (a listener may need the
    // second connection, and every listener is idempotent).
    internal void OnRestored()
    {
        if (!IsAvailable) return;
        Volatile.Write(ref _credentialsRefused, 0);
        bool wasDown = Interlocked.Exchange(ref _down, 0) == 1;
        bool first = Interlocked.Exchange(ref _everConnected, 1) == 0;
        if (wasDown) LogRestored(_logger, _endpoints, DurationText.Format(_time.GetElapsedTime(_outageStarted)));
        else if (first) LogConnected(_logger, _endpoints, InstanceName);
        Restored?.Invoke();
    }

    /// <summary>
    /// The failure as an operator reads it: StackExchange.Redis's message goes on after the endpoint with a dump of its
    /// connection state (<c>…/Subscription, Idle/RanToCompletion, last: PING, origin: ReadAllAsync, outstanding: 0,
    /// last-read: 0s ago, …, v: 3.4.35</c>), three hundred characters that say nothing more than the failure type and
    /// the endpoint. Keeps <c>SocketClosed on 127.0.0.1:6379/Subscription</c>.
    /// </summary>
    internal static string DescribeFailure(string failure, string? detail)
    {
        if (string.IsNullOrWhiteSpace(detail))
        {
            return failure;
        }

        int on = detail.IndexOf(" on ", StringComparison.Ordinal);
        int end = on < 0 ? -1 : detail.IndexOf(", ", on, StringComparison.Ordinal);
        string shortDetail = end < 0 ? detail : detail[..end];
        return shortDetail.StartsWith(failure, StringComparison.Ordinal) ? shortDetail : $"{failure}: {shortDetail}";
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _connect;
        if (Multiplexer is { } mux)
        {
            await mux.CloseAsync(allowCommandsToComplete: false);
            await mux.DisposeAsync();
        }
    }

    /// <summary>
    /// The connect log StackExchange.Redis writes during its first attempt, read only for whether the server refused
    /// the credentials (it raises no event before the multiplexer is returned, and none while it retries).
    /// </summary>
    private sealed class FailureLog : TextWriter
    {
        private int _authenticationFailed;

        public bool AuthenticationFailed => Volatile.Read(ref _authenticationFailed) != 0;

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value)
        {
            // Every line comes through Write(string) or WriteLine(string).
        }

        public override void Write(string? value) => Read(value);

        public override void WriteLine(string? value) => Read(value);

        private void Read(string? line)
        {
            if (line?.Contains(nameof(ConnectionFailureType.AuthenticationFailure), StringComparison.Ordinal) == true) Volatile.Write(ref _authenticationFailed, 1);
        }
    }

    [LoggerMessage(LogLevel.Information, "Redis at {Endpoints} connected: this process ({Instance}) shares the bot with the others")]
    private static partial void LogConnected(ILogger logger, string endpoints, string instance);

    [LoggerMessage(LogLevel.Warning, "Redis at {Endpoints} is unreachable ({Failure}): working alone (local cache and limits, the shards held keep running, no new leases) until it is back")]
    private static partial void LogUnreachable(ILogger logger, string endpoints, string failure);

    [LoggerMessage(LogLevel.Error, "Redis at {Endpoints} refused this process's credentials ({Error}): check the user and password in REDIS_URL; working alone, with no shard, until it accepts them")]
    private static partial void LogCredentialsRefused(ILogger logger, string endpoints, string error);

    [LoggerMessage(LogLevel.Information, "Redis at {Endpoints} is back after {Outage}: rejoining the cluster")]
    private static partial void LogRestored(ILogger logger, string endpoints, string outage);

    [LoggerMessage(LogLevel.Error, "Redis configuration for {Endpoints} is unusable: {Error}; working alone")]
    private static partial void LogUnusable(ILogger logger, string endpoints, string error);
}
