namespace AndyAI.Cluster.Jobs;

/// <summary>The answer of <see cref="IJobLeases.ClaimAsync"/>: the outcome and, when claimed, the lease to dispose after the run.</summary>
/// <param name="Outcome">Whether this process runs the tick.</param>
/// <param name="Lease">Held (renewed) until disposed; set only when <see cref="JobClaimOutcome.Claimed"/>.</param>
internal readonly record struct JobClaim(JobClaimOutcome Outcome, IAsyncDisposable? Lease = null)
{
    public static JobClaim Taken => new(JobClaimOutcome.Taken);

    public static JobClaim Busy => new(JobClaimOutcome.Busy);

    public static JobClaim Unavailable => new(JobClaimOutcome.Unavailable);
}
