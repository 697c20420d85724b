using System.Text;
using AndyAI.Services.Caching;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AndyAI.Cluster.Caching;

/// <summary>
/// The response cache's shared level on Redis (<c>Microsoft.Extensions.Caching.StackExchangeRedis</c> over the
/// process's one connection, keys under <c>{prefix}cache:</c>), and cluster-wide purges: the purging process deletes
/// the partition's keys from Redis and announces the purge on <c>{prefix}cache:purge</c>, and every other process
/// drops the partition from its memory.
/// </summary>
internal sealed partial class RedisResponseCache : ISharedResponseCache, IDisposable
{
    private readonly RedisConnection _redis;
    private readonly RedisCache _inner;
    private readonly ILogger _logger;
    private readonly RedisChannel _channel;
    private readonly string _keyPrefix;
    private int _subscribed;

    public RedisResponseCache(RedisConnection redis, TimeProvider time, ILogger<RedisResponseCache> logger)
    {
        _redis = redis;
        _logger = logger;
        _keyPrefix = redis.Prefix + "cache:";
        _channel = RedisChannel.Literal(redis.Prefix + "cache:purge");
        _inner = new RedisCache(new RedisCacheOptions
        {
            InstanceName = _keyPrefix,
            ConnectionMultiplexerFactory = async () => await redis.Created,
        });
        Cache = new AvailableOnlyCache(_inner, redis);
        Flight = new CacheMissFlight(redis, time, logger);
        redis.Restored += () => _ = SubscribeAsync();
        if (redis.IsAvailable) _ = SubscribeAsync();
    }

    public IDistributedCache Cache { get; }

    /// <summary>Cross-process single flight of cache misses.</summary>
    internal CacheMissFlight Flight { get; }

    public ValueTask<string> GetOrComputeOnceAsync(string key, Func<CancellationToken, ValueTask<string>> factory, CancellationToken cancellationToken) =>
        Flight.RunAsync(key, factory, cancellationToken);

    public event Action<string, string>? PurgedElsewhere;

    public async ValueTask PurgeAsync(string keyPrefix, string tag, CancellationToken cancellationToken)
    {
        if (_redis.Multiplexer is not { IsConnected: true } mux) return;
        try
        {
            IDatabase db = mux.GetDatabase();
            await db.PublishAsync(_channel, string.Join('\n', _redis.OwnerId, keyPrefix, tag));
            // Rare (a cog's purge), so a SCAN over the cache's keys is affordable; batches keep each round trip small.
            string pattern = Escape(_keyPrefix + keyPrefix) + "*";
            foreach (IServer server in mux.GetServers().Where(s => s.IsConnected && !s.IsReplica))
            {
                var batch = new List<RedisKey>(256);
                await foreach (RedisKey key in server.KeysAsync(db.Database, pattern, pageSize: 256).WithCancellation(cancellationToken))
                {
                    batch.Add(key);
                    if (batch.Count == 256)
                    {
                        await db.KeyDeleteAsync([.. batch]);
                        batch.Clear();
                    }
                }

                if (batch.Count > 0) await db.KeyDeleteAsync([.. batch]);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogPurgeFailed(_logger, keyPrefix, ex.Message);
        }
    }

    private async Task SubscribeAsync()
    {
        if (_redis.Multiplexer is not { } mux || Interlocked.Exchange(ref _subscribed, 1) != 0) return;
        try
        {
            // StackExchange.Redis re-subscribes by itself after a reconnect.
            ISubscriber subscriber = mux.GetSubscriber();
            await subscriber.SubscribeAsync(_channel, (_, message) => OnPurge(message));
            await subscriber.SubscribeAsync(Flight.Channel, (_, message) => Flight.OnAnnouncement(message));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Volatile.Write(ref _subscribed, 0);
        }
    }

    private void OnPurge(RedisValue message)
    {
        string[] parts = message.ToString().Split('\n', 3);
        if (parts.Length != 3 || parts[0] == _redis.OwnerId) return;
        PurgedElsewhere?.Invoke(parts[1], parts[2]);
    }

    private static string Escape(string glob)
    {
        var escaped = new StringBuilder(glob.Length + 8);
        foreach (char c in glob)
        {
            if (c is '*' or '?' or '[' or ']' or '\\') escaped.Append('\\');
            escaped.Append(c);
        }

        return escaped.ToString();
    }

    public void Dispose() => _inner.Dispose();

    [LoggerMessage(LogLevel.Warning, "Purging cache partition {Partition} in Redis failed ({Error}); its entries there expire on their own")]
    private static partial void LogPurgeFailed(ILogger logger, string partition, string error);
}
