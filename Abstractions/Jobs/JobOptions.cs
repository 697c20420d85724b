namespace AndyAI.Abstractions.Jobs;

/// <summary>How a scheduled job runs when the bot runs in several processes (contract 1.6).</summary>
public sealed class JobOptions
{
    /// <summary>
    /// Whether one process of the cluster runs each tick (with <c>REDIS_URL</c>: a Redis lease per tick decides which,
    /// and no two runs of the job overlap across processes). False runs it in every process, for work on the
    /// process's own state (a local cache, temporary files). Without <c>REDIS_URL</c> both run it in the one process.
    /// </summary>
    /// <remarks>
    /// Cluster-wide by default because a job usually acts on shared things (the database, a Discord channel): run in
    /// every process it would post a digest once per process. While Redis is unreachable a cluster-wide job skips its
    /// ticks (at most once per tick, never twice), and the skip is logged once per outage.
    /// </remarks>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool ClusterWide { get; init; } = true;
}
