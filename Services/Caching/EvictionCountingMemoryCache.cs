using Microsoft.Extensions.Caching.Memory;

namespace AndyAI.Services.Caching;

/// <summary>
/// The memory cache under HybridCache's first level. It adds an eviction callback to each entry written so the
/// statistics can count entries removed for size or expiry (MemoryCache counts hits and sizes, not evictions).
/// </summary>
internal sealed class EvictionCountingMemoryCache(MemoryCache inner) : IMemoryCache
{
    private static readonly PostEvictionDelegate OnEvicted = static (_, _, reason, state) =>
    {
        if (reason is EvictionReason.Capacity or EvictionReason.Expired or EvictionReason.TokenExpired)
        {
            ((EvictionCountingMemoryCache)state!).CountEviction();
        }
    };

    private long _evictions;

    public MemoryCache Inner => inner;

    public long Evictions => Interlocked.Read(ref _evictions);

    public ICacheEntry CreateEntry(object key)
    {
        ICacheEntry entry = inner.CreateEntry(key);
        entry.RegisterPostEvictionCallback(OnEvicted, this);
        return entry;
    }

    public bool TryGetValue(object key, out object? value) => inner.TryGetValue(key, out value);

    public void Remove(object key) => inner.Remove(key);

    public void Dispose() => inner.Dispose();

    private void CountEviction() => Interlocked.Increment(ref _evictions);
}
