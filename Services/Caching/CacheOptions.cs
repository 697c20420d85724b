namespace AndyAI.Services.Caching;

/// <summary>The <c>Cache</c> configuration section: the host-wide response cache.</summary>
public sealed class CacheOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Cache";

    /// <value>Lifetime of an entry when a caller gives none (e.g. a cog setting a zero TTL is rejected instead). Defaults to 1 hour.</value>
    public TimeSpan DefaultTimeToLive { get; set; } = TimeSpan.FromHours(1);

    /// <value>Upper bound of the cache's payload bytes (the seed's cache was unbounded). Defaults to 64 MiB.</value>
    public long SizeLimitBytes { get; set; } = 64L * 1024 * 1024;

    /// <value>Largest single entry in bytes; larger values are returned but not cached. Defaults to 1 MiB.</value>
    public int MaximumEntryBytes { get; set; } = 1024 * 1024;

    /// <summary>Whether <paramref name="value"/> exceeds <see cref="MaximumEntryBytes"/> as UTF-8 (counted only when it might).</summary>
    internal bool IsTooLarge(string value) =>
        value.Length * 3L > MaximumEntryBytes && System.Text.Encoding.UTF8.GetByteCount(value) > MaximumEntryBytes;

    /// <value>How often expired entries are swept out of memory. Defaults to 1 minute.</value>
    public TimeSpan ExpirationScanFrequency { get; set; } = TimeSpan.FromMinutes(1);
}
