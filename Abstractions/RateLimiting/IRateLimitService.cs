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
}

/// <summary>A token bucket per key. Idle keys are forgotten, so memory stays bounded with millions of keys.</summary>
public interface IKeyedRateLimiter : IDisposable
{
    /// <summary>Takes <paramref name="permits"/> tokens from <paramref name="key"/>'s bucket, if it has them. Never blocks.</summary>
    RateLimitDecision TryAcquire(ulong key, int permits = 1);
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
