namespace AndyAI.Services.Caching;

/// <summary>
/// The response cache's second level, shared by every process of the bot (Cluster/ keeps it in Redis). This
/// process's HybridCache stays the first level; on a miss there, <see cref="GetOrComputeOnceAsync"/> reads the
/// shared value or makes one process of the bot compute it, so one process's answer serves the others. Purges
/// reach every process through it as well. While the shared store is away, reads miss and writes are skipped.
/// </summary>
internal interface ISharedResponseCache
{
    /// <summary>The value stored for <paramref name="key"/> and its time left, or <see langword="null"/> (none, or the store is away).</summary>
    ValueTask<SharedValue?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="value"/> for <paramref name="timeToLive"/> (skipped while the store is away).</summary>
    ValueTask SetAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken);

    /// <summary>Removes <paramref name="key"/>'s value (skipped while the store is away).</summary>
    ValueTask RemoveAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// For a key missing from this process's memory: returns the stored value, or runs <paramref name="factory"/> in
    /// one process of the bot at a time and stores its value for <paramref name="timeToLive"/> — while another process
    /// computes the same key, waits for its value instead (falling back to the factory when that process dies, fails,
    /// or the shared store is away). One round trip finds a stored value; computing here costs one more.
    /// </summary>
    ValueTask<SharedValue> GetOrComputeOnceAsync(string key, Func<CancellationToken, ValueTask<string>> factory, TimeSpan timeToLive, CancellationToken cancellationToken);

    /// <summary>Removes a partition's entries (keys starting with <paramref name="keyPrefix"/>, tagged <paramref name="tag"/>) from the shared level and from every other process's memory.</summary>
    ValueTask PurgeAsync(string keyPrefix, string tag, CancellationToken cancellationToken);

    /// <summary>Raised when another process purged a partition: (key prefix, tag).</summary>
    event Action<string, string>? PurgedElsewhere;
}
