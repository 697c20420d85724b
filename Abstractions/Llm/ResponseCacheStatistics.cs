namespace AndyAI.Abstractions.Llm;

/// <summary>Cache counters since the host started.</summary>
/// <param name="Hits">Lookups answered from the cache.</param>
/// <param name="Misses">Lookups that were not.</param>
/// <param name="Entries">Entries held now.</param>
/// <param name="Bytes">Approximate bytes held now.</param>
/// <param name="Evictions">Entries removed for size or expiry.</param>
public sealed record ResponseCacheStatistics(long Hits, long Misses, long Entries, long Bytes, long Evictions)
{
    /// <summary>Hits over lookups, 0 when there were none.</summary>
    public double HitRate => Hits + Misses == 0 ? 0 : (double)Hits / (Hits + Misses);
}
