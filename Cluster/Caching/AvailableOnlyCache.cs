using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;

namespace AndyAI.Cluster.Caching;

/// <summary>
/// The Redis cache as HybridCache's second level, asked only while Redis answers: during an outage a read is a miss
/// and a write is skipped at once (the first level still serves this process), instead of an exception per lookup.
/// </summary>
internal sealed class AvailableOnlyCache(IDistributedCache inner, RedisConnection redis) : IDistributedCache
{
    public byte[]? Get(string key)
    {
        if (!redis.IsAvailable) return null;
        try
        {
            return inner.Get(key);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return null;
        }
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        if (!redis.IsAvailable) return null;
        try
        {
            return await inner.GetAsync(key, token);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return null;
        }
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        if (!redis.IsAvailable) return;
        try
        {
            inner.Set(key, value, options);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Kept in this process's memory; the others compute it themselves.
        }
    }

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        if (!redis.IsAvailable) return;
        try
        {
            await inner.SetAsync(key, value, options, token);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Kept in this process's memory; the others compute it themselves.
        }
    }

    public void Refresh(string key)
    {
        if (!redis.IsAvailable) return;
        try
        {
            inner.Refresh(key);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Expires as it was set.
        }
    }

    public async Task RefreshAsync(string key, CancellationToken token = default)
    {
        if (!redis.IsAvailable) return;
        try
        {
            await inner.RefreshAsync(key, token);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Expires as it was set.
        }
    }

    public void Remove(string key)
    {
        if (!redis.IsAvailable) return;
        try
        {
            inner.Remove(key);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Expires on its own.
        }
    }

    public async Task RemoveAsync(string key, CancellationToken token = default)
    {
        if (!redis.IsAvailable) return;
        try
        {
            await inner.RemoveAsync(key, token);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Expires on its own.
        }
    }
}
