using AndyAI.Discord.Gateway;
using StackExchange.Redis;

namespace AndyAI.Cluster.Shards;

/// <summary>
/// Discord's identify concurrency across processes: a key per rate-limit bucket (<c>shard_id % max_concurrency</c>),
/// set only if absent and expiring after the bucket interval, is the right to IDENTIFY. Whoever fails to set it waits
/// for the key to expire and tries again. Without Redis it steps aside (the process's own gate still spaces its shards).
/// </summary>
internal sealed class RedisIdentifyCoordinator(RedisConnection redis, TimeProvider time) : IIdentifyCoordinator
{
    public async ValueTask WaitAsync(int bucket, TimeSpan interval, CancellationToken cancellationToken)
    {
        RedisKey key = $"{redis.Prefix}identify:{bucket}";
        while (true)
        {
            if (redis.Database is not { } db) return;
            TimeSpan wait;
            try
            {
                if (await db.StringSetAsync(key, redis.OwnerId, interval, When.NotExists)) return;
                wait = await db.KeyTimeToLiveAsync(key) ?? TimeSpan.FromMilliseconds(50);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                return;
            }

            await Task.Delay(wait < TimeSpan.FromMilliseconds(20) ? TimeSpan.FromMilliseconds(20) : wait, time, cancellationToken);
        }
    }
}
