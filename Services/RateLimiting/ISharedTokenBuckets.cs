using AndyAI.Abstractions.RateLimiting;

namespace AndyAI.Services.RateLimiting;

/// <summary>
/// Token buckets shared by every process of the bot (Cluster/ keeps them in Redis), so a user routed to N processes
/// still gets one limit. A <see cref="KeyedTokenBucketLimiter"/> asks here first and decides alone when this answers
/// <see langword="null"/> (the shared store is unreachable).
/// </summary>
internal interface ISharedTokenBuckets
{
    /// <summary>Takes <paramref name="permits"/> from bucket <paramref name="scope"/>/<paramref name="key"/>, shaped by <paramref name="policy"/>; <see langword="null"/> when the shared store cannot answer now.</summary>
    RateLimitDecision? TryAcquire(string scope, ulong key, RateLimitPolicy policy, int permits);

    /// <summary>
    /// Takes from <paramref name="first"/> and, only when that is allowed, from <paramref name="second"/> (if given),
    /// in one round trip; <see langword="null"/> when the shared store cannot answer now.
    /// </summary>
    ValueTask<RateLimitDecisions?> TryAcquireAsync(SharedBucketTake first, SharedBucketTake? second, CancellationToken cancellationToken);
}
