using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;

namespace AndyAI.Cluster.Caching;

/// <summary>
/// The Redis cache as HybridCache's second level, asked only while Redis answers: during an outage a read is a miss
/// and a write, refresh or removal is skipped at once (the first level still serves this process; the others compute
/// what they miss, and entries expire as they were set), instead of an exception per lookup.
/// </summary>
internal sealed class AvailableOnlyCache(IDistributedCache inner, RedisConnection redis) : IDistributedCache
{
    public byte[]? Get(string key) => Read(() => inner.Get(key));

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => ReadAsync(() => inner.GetAsync(key, token));

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => Write(() => inner.Set(key, value, options));

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        WriteAsync(() => inner.SetAsync(key, value, options, token));

    public void Refresh(string key) => Write(() => inner.Refresh(key));

    public Task RefreshAsync(string key, CancellationToken token = default) => WriteAsync(() => inner.RefreshAsync(key, token));

    public void Remove(string key) => Write(() => inner.Remove(key));

    public Task RemoveAsync(string key, CancellationToken token = default) => WriteAsync(() => inner.RemoveAsync(key, token));

    private static bool IsRedisFailure(Exception ex) => ex is RedisException or TimeoutException;

    private byte[]? Read(Func<byte[]?> read)
    {
        if (!redis.IsAvailable) return null;
        try
        {
            return read();
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            return null;
        }
    }

    private async Task<byte[]?> ReadAsync(Func<Task<byte[]?>> read)
    {
        if (!redis.IsAvailable) return null;
        try
        {
            return await read();
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            return null;
        }
    }

    private void Write(Action write)
    {
        if (!redis.IsAvailable) return;
        try
        {
            write();
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            // Skipped: see the class summary.
        }
    }

    private async Task WriteAsync(Func<Task> write)
    {
        if (!redis.IsAvailable) return;
        try
        {
            await write();
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            // Skipped: see the class summary.
        }
    }
}
