using AndyAI.Abstractions.RateLimiting;

namespace AndyAI.Services.RateLimiting;

/// <summary>A token bucket's shape, as configured.</summary>
public sealed class TokenBucketOptions
{
    /// <value>Tokens a full bucket holds (the burst).</value>
    public int Capacity { get; set; }

    /// <value>Tokens added every <see cref="Period"/>.</value>
    public int TokensPerPeriod { get; set; }

    /// <value>The refill period.</value>
    public TimeSpan Period { get; set; }

    internal RateLimitPolicy ToPolicy() => new(Capacity, TokensPerPeriod, Period);
}
