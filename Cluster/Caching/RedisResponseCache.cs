using System.Text;
using AndyAI.Services.Caching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AndyAI.Cluster.Caching;

/// <summary>
/// The response cache's shared level on Redis: answers as plain UTF-8 text under <c>{prefix}cache:{partition key}</c>
/// with the entry's TTL, read and written by <see cref="CacheMissFlight"/> so a miss costs one round trip to find a
/// value and one to store the value this process computed (HybridCache's own second level would read twice and
/// write apart from the cross-process lock). Purges are cluster-wide: the purging process deletes the partition's
/// keys from Redis and announces the purge on <c>{prefix}cache:purge</c>, and every other process drops the
/// partition from its memory. Every operation is skipped (a read misses) while Redis is away.
/// </summary>
internal sealed partial class RedisResponseCache : ISharedResponseCache
{
    // KEYS: value. {value or false, pttl}.
    private const string Read = """
        return {redis.call('GET', KEYS[1]), tostring(redis.call('PTTL', KEYS[1]))}
        """;

    private readonly RedisConnection _redis;
    private readonly ILogger _logger;
    private readonly RedisChannel _channel;
    private readonly string _keyPrefix;
    private readonly CacheOptions _cacheOptions;
    private int _subscribed;

    public RedisResponseCache(RedisConnection redis, TimeProvider time, ILogger<RedisResponseCache> logger, IOptions<CacheOptions> cacheOptions)
    {
        _redis = redis;
        _logger = logger;
        _keyPrefix = redis.Prefix + "cache:";
        _channel = RedisChannel.Literal(redis.Prefix + "cache:purge");
        _cacheOptions = cacheOptions.Value;
        Flight = new CacheMissFlight(redis, time, logger);
        redis.Restored += () => _ = SubscribeAsync();
        if (redis.IsAvailable) _ = SubscribeAsync();
    }

    /// <summary>Cross-process single flight of cache misses.</summary>
    internal CacheMissFlight Flight { get; }

    public ValueTask<SharedValue> GetOrComputeOnceAsync(string key, Func<CancellationToken, ValueTask<string>> factory, TimeSpan timeToLive, CancellationToken cancellationToken) =>
        // The first level's size cap (CacheOptions.MaximumEntryBytes): an answer too large to keep is kept nowhere.
        Flight.RunAsync(key, factory, timeToLive, value => !_cacheOptions.IsTooLarge(value), cancellationToken);

    public async ValueTask<SharedValue?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (_redis.Database is not { } db) return null;
        try
        {
            var reply = (RedisResult[])(await db.ScriptEvaluateAsync(Read, [Flight.ValueKey(key)]).WaitAsync(cancellationToken))!;
            return reply[0].IsNull ? null : new SharedValue((string)reply[0]!, CacheMissFlight.RemainingOf(reply[1]) ?? TimeSpan.Zero);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return null;
        }
    }

    public async ValueTask SetAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        if (_redis.Database is not { } db) return; // the partition stores nothing too large
        try
        {
            await db.StringSetAsync(Flight.ValueKey(key), value, timeToLive).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // This process keeps it in memory; the others compute it if they miss it.
        }
    }

    public async ValueTask RemoveAsync(string key, CancellationToken cancellationToken)
    {
        if (_redis.Database is not { } db) return;
        try
        {
            await db.KeyDeleteAsync(Flight.ValueKey(key)).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // It expires as it was set.
        }
    }

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

    [LoggerMessage(LogLevel.Warning, "Purging cache partition {Partition} in Redis failed ({Error}); its entries there expire on their own")]
    private static partial void LogPurgeFailed(ILogger logger, string partition, string error);
}
