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
