using Microsoft.Extensions.Caching.Distributed;

namespace AndyAI.Services.Caching;

/// <summary>
/// The response cache's second level, shared by every process of the bot (Cluster/ keeps it in Redis): HybridCache
/// writes answers through to <see cref="Cache"/> and reads them from it on a local miss, so one process's answer
/// serves the others. Purges reach every process through it as well.
/// </summary>
internal interface ISharedResponseCache
{
    /// <summary>The distributed cache behind HybridCache (it must answer a miss, not throw, while the shared store is away).</summary>
    IDistributedCache Cache { get; }

    /// <summary>Removes a partition's entries (keys starting with <paramref name="keyPrefix"/>, tagged <paramref name="tag"/>) from the shared level and from every other process's memory.</summary>
    ValueTask PurgeAsync(string keyPrefix, string tag, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="factory"/> for a key missing from both levels in one process of the bot at a time: while
    /// another process computes the same key, waits for its value instead (falling back to the factory when that
    /// process dies, fails, or the shared store is away).
    /// </summary>
    ValueTask<string> GetOrComputeOnceAsync(string key, Func<CancellationToken, ValueTask<string>> factory, CancellationToken cancellationToken);

    /// <summary>Raised when another process purged a partition: (key prefix, tag).</summary>
    event Action<string, string>? PurgedElsewhere;
}
