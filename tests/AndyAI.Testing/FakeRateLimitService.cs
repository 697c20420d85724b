using AndyAI.Abstractions.RateLimiting;

namespace AndyAI.Testing;

/// <summary>An <see cref="IRateLimitService"/> of <see cref="FakeKeyedRateLimiter"/>s on the given clock; records the limiters it creates.</summary>
/// <param name="time">The clock the buckets refill by.</param>
public sealed class FakeRateLimitService(TimeProvider time) : IRateLimitService
{
    private static readonly RateLimitPolicy Generous = new(1000, 1000, TimeSpan.FromSeconds(1));

    /// <summary>The per-user limiter. Defaults to 1000 a second, which no test reaches by accident.</summary>
    public IKeyedRateLimiter PerUser { get; set; } = new FakeKeyedRateLimiter(Generous, time);

    /// <summary>The per-guild limiter. Defaults to 1000 a second.</summary>
    public IKeyedRateLimiter PerGuild { get; set; } = new FakeKeyedRateLimiter(Generous, time);

    /// <summary>Every limiter <see cref="Create"/> returned, in order.</summary>
    public List<FakeKeyedRateLimiter> Created { get; } = [];

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The policy has a non-positive capacity, refill or period (as the host rejects it).</exception>
    public IKeyedRateLimiter Create(RateLimitPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Capacity <= 0 || policy.TokensPerPeriod <= 0 || policy.Period <= TimeSpan.Zero)
        {
            throw new ArgumentException("The policy is invalid.", nameof(policy));
        }

        var limiter = new FakeKeyedRateLimiter(policy, time);
        lock (Created)
        {
            Created.Add(limiter);
        }

        return limiter;
    }
}
