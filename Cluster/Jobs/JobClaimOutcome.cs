namespace AndyAI.Cluster.Jobs;

/// <summary>What <see cref="IJobLeases.ClaimAsync"/> decided.</summary>
internal enum JobClaimOutcome
{
    /// <summary>This process runs the tick; dispose the claim's lease after the run.</summary>
    Claimed,

    /// <summary>Another process claimed the tick (and runs it, or ran it): skip it.</summary>
    Taken,

    /// <summary>
    /// A run of the job is still going, in this process or another (one that ignores its cancellation keeps it so
    /// until it ends): skip the tick. Not <see cref="Taken"/>: nobody runs this tick, and the operator must see that.
    /// </summary>
    Busy,

    /// <summary>Redis does not answer: skip the tick (a cluster-wide job runs at most once per tick, never twice).</summary>
    Unavailable,
}
