using System.Collections.Concurrent;
using AndyAI.Abstractions.Llm;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AndyAI.Services.Caching;

/// <summary>
/// The host-wide response cache: one HybridCache (L1 = a size-limited MemoryCache) shared by every cog's
/// partition. It lives in a private service provider so its size-limited <see cref="IMemoryCache"/> never
/// becomes the host's (other users would have to set entry sizes). HybridCache has no second level of its own: with
/// an <see cref="ISharedResponseCache"/> (REDIS_URL) each partition asks that shared level on a first-level miss.
/// </summary>
internal sealed class ResponseCacheStore : IDisposable
{
    private readonly Lazy<ServiceProvider> _provider;
    private readonly EvictionCountingMemoryCache _memory;
    private HybridCache? _hybrid;
    private readonly ConcurrentDictionary<TimeSpan, HybridCacheEntryOptions> _entryOptions = new();
    private long _lookups;
    private long _misses;

    public ResponseCacheStore(IOptions<CacheOptions> options, TimeProvider time, ISharedResponseCache? shared = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        CacheOptions settings = options.Value;
        Options = settings;
        Shared = shared;
        var memory = new MemoryCache(new MemoryCacheOptions
        {
            SizeLimit = settings.SizeLimitBytes,
            TrackStatistics = true,
            Clock = new TimeProviderClock(time),
            ExpirationScanFrequency = settings.ExpirationScanFrequency,
        });
        _memory = new EvictionCountingMemoryCache(memory);

        // Built at the first cache operation, not at start: HybridCache, its serializer factory and its private
        // service provider are code and types an idle bot does not need. The options were validated at start.
        _provider = new Lazy<ServiceProvider>(() => CreateProvider(_memory, settings, time), LazyThreadSafetyMode.ExecutionAndPublication);
        if (shared is not null)
        {
            shared.PurgedElsewhere += (prefix, tag) => _ = PurgeLocallyAsync(prefix, tag);
        }
    }

    public CacheOptions Options { get; }

    /// <summary>The second level shared with the bot's other processes, or <see langword="null"/>.</summary>
    public ISharedResponseCache? Shared { get; }

    /// <summary>Drops a partition from this process's memory (another process purged it).</summary>
    internal async Task PurgeLocallyAsync(string keyPrefix, string tag)
    {
        if (_provider.IsValueCreated) await Hybrid.RemoveByTagAsync(tag);
        RemoveLocalEntries(keyPrefix);
    }

    public HybridCache Hybrid => Volatile.Read(ref _hybrid) ?? CreateHybrid();

    /// <summary>Options for a lookup that must not call a factory or write anything (a pure read).</summary>
    public static HybridCacheEntryOptions ReadOnly { get; } = new()
    {
        Flags = HybridCacheEntryFlags.DisableUnderlyingData | HybridCacheEntryFlags.DisableLocalCacheWrite | HybridCacheEntryFlags.DisableDistributedCacheWrite,
    };

    /// <summary>Options for an entry kept in this process's memory for <paramref name="timeToLive"/> (a value read from the shared level, for the time it has left there).</summary>
    public static HybridCacheEntryOptions LocalOnly(TimeSpan timeToLive) => new() { Expiration = timeToLive, LocalCacheExpiration = timeToLive };

    public HybridCacheEntryOptions EntryOptions(TimeSpan timeToLive) =>
        _entryOptions.Count < 64
            ? _entryOptions.GetOrAdd(timeToLive, static ttl => new HybridCacheEntryOptions { Expiration = ttl, LocalCacheExpiration = ttl })
            : _entryOptions.TryGetValue(timeToLive, out HybridCacheEntryOptions? cached) ? cached : new HybridCacheEntryOptions { Expiration = timeToLive, LocalCacheExpiration = timeToLive };

    /// <summary>Whether <paramref name="value"/> exceeds <see cref="CacheOptions.MaximumEntryBytes"/> as UTF-8.</summary>
    public bool IsTooLarge(string value) => Options.IsTooLarge(value);

    public void CountLookup() => Interlocked.Increment(ref _lookups);

    public void CountMiss() => Interlocked.Increment(ref _misses);

    /// <summary>Drops every L1 entry whose key starts with <paramref name="prefix"/> so a purged partition's memory is freed now, not at expiry.</summary>
    public int RemoveLocalEntries(string prefix)
    {
        int removed = 0;
        foreach (object key in _memory.Inner.Keys)
        {
            if (key is string s && s.StartsWith(prefix, StringComparison.Ordinal))
            {
                _memory.Inner.Remove(key);
                removed++;
            }
        }

        return removed;
    }

    public ResponseCacheStatistics GetStatistics()
    {
        MemoryCacheStatistics? memory = _memory.Inner.GetCurrentStatistics();
        long lookups = Interlocked.Read(ref _lookups);
        long misses = Interlocked.Read(ref _misses);
        return new ResponseCacheStatistics(
            Hits: Math.Max(0, lookups - misses),
            Misses: misses,
            Entries: memory?.CurrentEntryCount ?? 0,
            Bytes: memory?.CurrentEstimatedSize ?? 0,
            Evictions: _memory.Evictions);
    }

    /// <summary>Makes expired entries go now (tests; MemoryCache otherwise scans at most every ExpirationScanFrequency on access).</summary>
    internal void Compact() => _memory.Inner.Compact(0);

    public void Dispose()
    {
        if (_provider.IsValueCreated)
        {
            _provider.Value.Dispose();
        }

        _memory.Dispose();
    }

    private HybridCache CreateHybrid()
    {
        HybridCache hybrid = _provider.Value.GetRequiredService<HybridCache>(); // a singleton: every caller gets the same
        Volatile.Write(ref _hybrid, hybrid);
        return hybrid;
    }

    private static ServiceProvider CreateProvider(IMemoryCache memory, CacheOptions settings, TimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddSingleton(memory);
        services.AddSingleton(time);
        services.AddHybridCache(o =>
        {
            o.MaximumPayloadBytes = settings.MaximumEntryBytes;
            o.DefaultEntryOptions = new HybridCacheEntryOptions { Expiration = settings.DefaultTimeToLive, LocalCacheExpiration = settings.DefaultTimeToLive };
        });
        return services.BuildServiceProvider();
    }
}
