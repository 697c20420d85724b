using System.ComponentModel.DataAnnotations;

namespace AndyAI.Storage;

/// <summary>The database behind conversation memory and cog storage (section <c>Storage</c>; docs/storage.md).</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>
    /// DATABASE_URL: a PostgreSQL URL (<c>postgres://user:password@host:port/db</c>) or an Npgsql connection string.
    /// Unset: SQLite in <see cref="SqlitePath"/>.
    /// </summary>
    public string? DatabaseUrl { get; set; }

    /// <summary>The SQLite file when no DATABASE_URL is set. Defaults to <c>andyai.db</c> in plugins.json's data directory (<c>run/data/</c>).</summary>
    public string? SqlitePath { get; set; }

    /// <summary>How long a statement waits for a locked SQLite file (another writer) before failing. Defaults to 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of an operation that failed for a passing reason (busy, connection lost), with backoff. Defaults to 3.</summary>
    [Range(0, 10)]
    public int Retries { get; set; } = 3;

    /// <summary>The first retry's delay; each next one doubles it. Defaults to 100 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>While the database is unreachable, how often the host checks whether it is back. Defaults to 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// While the database is available, how often the host checks it when nothing else has (an idle bot would
    /// otherwise learn of an outage only at the next question, and /readyz would say ready). Defaults to 30 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Turns held in memory during an outage, written when the database is back; older ones are dropped beyond it. Defaults to 10,000.</summary>
    [Range(0, 1_000_000)]
    public int BacklogCapacity { get; set; } = 10_000;

    /// <summary>Consecutive questions of one user in one channel within this time form one conversation. Defaults to 30 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan ConversationIdleWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Stored turns older than this are purged. Defaults to 30 days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the purge of old turns and expired cog values runs. Defaults to 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);
}
