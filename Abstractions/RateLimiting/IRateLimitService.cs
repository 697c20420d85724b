namespace AndyAI.Abstractions.RateLimiting;

/// <summary>Token-bucket rate limits, partitioned by a numeric key (a user or guild id).</summary>
public interface IRateLimitService
{
    /// <summary>The host's per-user buckets (capacity and refill from configuration).</summary>
    IKeyedRateLimiter PerUser { get; }

    /// <summary>The host's per-guild buckets (capacity and refill from configuration).</summary>
    IKeyedRateLimiter PerGuild { get; }

    /// <summary>Creates buckets with the cog's own policy. They are disposed when the cog unloads.</summary>
    /// <exception cref="ArgumentException">The policy is invalid (non-positive capacity, refill or period).</exception>
    IKeyedRateLimiter Create(RateLimitPolicy policy);

    /// <summary>
    /// Takes a token from <paramref name="first"/>'s bucket for <paramref name="firstKey"/> and, only when that is
    /// allowed, one from <paramref name="second"/>'s for <paramref name="secondKey"/>: the user-then-guild check an
    /// answer makes. While the bot's processes share their buckets on Redis this is one round trip for both, not two.
    /// </summary>
    /// <returns>Both decisions; <see cref="RateLimitDecisions.Second"/> is allowed (not asked) when the first was denied.</returns>
    /// <remarks>Added in contract 1.4; implementations built against earlier contracts inherit this default, which asks one limiter after the other.</remarks>
    async ValueTask<RateLimitDecisions> TryAcquireBothAsync(IKeyedRateLimiter first, ulong firstKey, IKeyedRateLimiter second, ulong secondKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        RateLimitDecision taken = await first.TryAcquireAsync(firstKey, 1, cancellationToken);
        return taken.IsAllowed
            ? new RateLimitDecisions(taken, await second.TryAcquireAsync(secondKey, 1, cancellationToken))
            : new RateLimitDecisions(taken, RateLimitDecision.Allowed);
    }
}

/// <summary>A token bucket per key. Idle keys are forgotten, so memory stays bounded with millions of keys.</summary>
public interface IKeyedRateLimiter : IDisposable
{
    /// <summary>
    /// Takes <paramref name="permits"/> tokens from <paramref name="key"/>'s bucket, if it has them. Local buckets never
    /// block; while the bot's processes share their buckets on Redis (<c>REDIS_URL</c>) this waits for one round trip:
    /// on message and interaction paths prefer <see cref="TryAcquireAsync"/>.
    /// </summary>
    RateLimitDecision TryAcquire(ulong key, int permits = 1);

    /// <summary>
    /// Like <see cref="TryAcquire"/>, without holding a thread while shared buckets answer. With local buckets it
    /// completes synchronously and allocates nothing.
    /// </summary>
    /// <remarks>Added in contract 1.4; implementations built against earlier contracts inherit this default, which calls <see cref="TryAcquire"/>.</remarks>
    ValueTask<RateLimitDecision> TryAcquireAsync(ulong key, int permits = 1, CancellationToken cancellationToken = default) =>
        new(TryAcquire(key, permits));
}

/// <summary>A token bucket's shape.</summary>
/// <param name="Capacity">Tokens a full bucket holds (the burst).</param>
/// <param name="TokensPerPeriod">Tokens added every <paramref name="Period"/>.</param>
/// <param name="Period">The refill period.</param>
public sealed record RateLimitPolicy(int Capacity, int TokensPerPeriod, TimeSpan Period);

/// <summary>Whether a request may go ahead, and if not, how long to wait.</summary>
/// <param name="IsAllowed">Whether the tokens were taken.</param>
/// <param name="RetryAfter">When denied, the time until enough tokens are back; zero when allowed.</param>
public readonly record struct RateLimitDecision(bool IsAllowed, TimeSpan RetryAfter)
{
    /// <summary>An allowed decision.</summary>
    public static RateLimitDecision Allowed => new(true, TimeSpan.Zero);
}

/// <summary>Two buckets' decisions, taken in order (<see cref="IRateLimitService.TryAcquireBothAsync"/>).</summary>
/// <param name="First">The first bucket's decision.</param>
/// <param name="Second">The second bucket's decision; allowed (not asked) when the first was denied.</param>
public readonly record struct RateLimitDecisions(RateLimitDecision First, RateLimitDecision Second)
{
    /// <summary>Whether both buckets gave their tokens.</summary>
    public bool IsAllowed => First.IsAllowed && Second.IsAllowed;
}
