namespace AndyAI.Abstractions.RateLimiting;

/// <summary>Two buckets' decisions, taken in order (<see cref="IRateLimitService.TryAcquireBothAsync"/>).</summary>
/// <param name="First">The first bucket's decision.</param>
/// <param name="Second">The second bucket's decision; allowed (not asked) when the first was denied.</param>
public readonly record struct RateLimitDecisions(RateLimitDecision First, RateLimitDecision Second)
{
    /// <summary>Whether both buckets gave their tokens.</summary>
    public bool IsAllowed => First.IsAllowed && Second.IsAllowed;
}
