namespace AndyAI.Cluster.Jobs;

/// <summary>
/// Decides which process runs a cluster-wide scheduled job's tick (the host's cog job scheduler asks before each
/// run). Registered only with <c>REDIS_URL</c>; without it every job simply runs in the one process.
/// </summary>
internal interface IJobLeases
{
    /// <summary>
    /// Claims <paramref name="tick"/> of <paramref name="cogName"/>'s job <paramref name="jobName"/> for this process:
    /// claimed only when no process claimed this tick yet and no run of the job is still going anywhere. A claimed
    /// tick's lease is held (renewed) until it is disposed after the run, so the next tick cannot start elsewhere
    /// meanwhile; a process that dies lets it lapse.
    /// </summary>
    /// <param name="cogName">The cog's name.</param>
    /// <param name="jobName">The job's name (unique within the cog).</param>
    /// <param name="tick">The tick's time; every process computes the same ticks.</param>
    /// <param name="tickPeriod">How far the job's next tick is from this one; a claimed tick is remembered at least this long.</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    ValueTask<JobClaim> ClaimAsync(string cogName, string jobName, DateTimeOffset tick, TimeSpan tickPeriod, CancellationToken cancellationToken);
}
