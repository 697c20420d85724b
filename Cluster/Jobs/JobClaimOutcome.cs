namespace AndyAI.Cluster.Jobs;

/// <summary>What <see cref="IJobLeases.ClaimAsync"/> decided.</summary>
internal enum JobClaimOutcome
{
    /// <summary>This process runs the tick; dispose the claim's lease after the run.</summary>
    Claimed,

    /// <summary>Another process claimed the tick, or a run of the job is still going somewhere: skip it.</summary>
    Taken,

    /// <summary>Redis does not answer: skip the tick (a cluster-wide job runs at most once per tick, never twice).</summary>
    Unavailable,
}
