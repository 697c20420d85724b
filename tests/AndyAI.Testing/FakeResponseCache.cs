using System.Collections.Concurrent;
using AndyAI.Abstractions.Llm;

namespace AndyAI.Testing;

/// <summary>An in-memory <see cref="IResponseCache"/> whose entries expire on the given clock; counts hits and misses.</summary>
/// <param name="time">The clock entries expire by.</param>
public sealed class FakeResponseCache(TimeProvider time) : IResponseCache
{
    private readonly ConcurrentDictionary<string, (string Value, DateTimeOffset Expires)> _entries = new();
    private long _hits;
    private long _misses;

    /// <summary>Lookups that found a live entry.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups that found nothing (or an expired entry).</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>The keys stored (expired ones included until overwritten or removed).</summary>
    public ICollection<string> Keys => _entries.Keys;

    /// <summary>When set, <see cref="GetStatistics"/> reports it instead of the fake's own counts.</summary>
    public ResponseCacheStatistics? Statistics { get; set; }

    /// <inheritdoc />
    public async ValueTask<string> GetOrCreateAsync(string key, Func<CancellationToken, ValueTask<string>> factory, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (await TryGetAsync(key, cancellationToken) is { } hit)
        {
            return hit;
        }

        string value = await factory(cancellationToken);
        await SetAsync(key, value, timeToLive, cancellationToken);
        return value;
    }

    /// <inheritdoc />
    public ValueTask<string?> TryGetAsync(string key, CancellationToken cancellationToken = default)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Expires > time.GetUtcNow())
        {
            Interlocked.Increment(ref _hits);
            return ValueTask.FromResult<string?>(entry.Value);
        }

        Interlocked.Increment(ref _misses);
        return ValueTask.FromResult<string?>(null);
    }

    /// <inheritdoc />
    public ValueTask SetAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        _entries[key] = (value, time.GetUtcNow() + timeToLive);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        _entries.TryRemove(key, out _);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ResponseCacheStatistics GetStatistics() => Statistics ?? new(Hits, Misses, _entries.Count, 0, 0);
}
