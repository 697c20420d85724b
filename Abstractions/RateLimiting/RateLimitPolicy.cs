namespace AndyAI.Abstractions.RateLimiting;

/// <summary>A token bucket's shape.</summary>
/// <param name="Capacity">Tokens a full bucket holds (the burst).</param>
/// <param name="TokensPerPeriod">Tokens added every <paramref name="Period"/>.</param>
/// <param name="Period">The refill period.</param>
public sealed record RateLimitPolicy(int Capacity, int TokensPerPeriod, TimeSpan Period);
