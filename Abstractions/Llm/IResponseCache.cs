namespace AndyAI.Abstractions.Llm;

/// <summary>
/// A bounded text cache with a time to live. A cog's entries are its own (keys are partitioned per cog) and are
/// purged when the cog unloads. <see cref="ILlmService"/> uses it when a request sets a cache lifetime.
/// </summary>
public interface IResponseCache
{
    /// <summary>
    /// Returns the cached value for <paramref name="key"/>, or runs <paramref name="factory"/> once for all
    /// concurrent callers of the same key and caches its result for <paramref name="timeToLive"/>.
    /// </summary>
    ValueTask<string> GetOrCreateAsync(string key, Func<CancellationToken, ValueTask<string>> factory, TimeSpan timeToLive, CancellationToken cancellationToken = default);

    /// <summary>Returns the cached value, or <see langword="null"/> on a miss.</summary>
    ValueTask<string?> TryGetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Stores a value.</summary>
    ValueTask SetAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken = default);

    /// <summary>Removes a value.</summary>
    ValueTask RemoveAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Hits, misses, entries and bytes of the whole cache (all cogs).</summary>
    ResponseCacheStatistics GetStatistics();
}
