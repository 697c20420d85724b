using AndyAI.Abstractions.RateLimiting;

namespace AndyAI.Testing;

/// <summary>A token bucket per key on a <see cref="TimeProvider"/>, like the host's, so a test refills it by advancing time.</summary>
/// <param name="policy">The bucket's capacity and refill.</param>
/// <param name="time">The clock the bucket refills by.</param>
public sealed class FakeKeyedRateLimiter(RateLimitPolicy policy, TimeProvider time) : IKeyedRateLimiter
{
    private readonly Dictionary<ulong, (double Tokens, DateTimeOffset At)> _buckets = [];

    /// <summary>Whether the owner disposed the limiter.</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>The policy the limiter was created with.</summary>
    public RateLimitPolicy Policy => policy;

    /// <inheritdoc />
    public RateLimitDecision TryAcquire(ulong key, int permits = 1)
    {
        lock (_buckets)
        {
            DateTimeOffset now = time.GetUtcNow();
            (double tokens, DateTimeOffset at) = _buckets.TryGetValue(key, out var bucket) ? bucket : (policy.Capacity, now);
            double whole = Math.Floor((now - at) / policy.Period);
            tokens = Math.Min(policy.Capacity, tokens + (whole * policy.TokensPerPeriod));
            at += policy.Period * whole;
            if (tokens >= policy.Capacity)
            {
                at = now;
            }

            if (tokens >= permits)
            {
                _buckets[key] = (tokens - permits, at);
                return RateLimitDecision.Allowed;
            }

            _buckets[key] = (tokens, at);
            double periodsNeeded = Math.Ceiling((permits - tokens) / policy.TokensPerPeriod);
            return new RateLimitDecision(false, at + (policy.Period * periodsNeeded) - now);
        }
    }

    /// <inheritdoc />
    public void Dispose() => IsDisposed = true;
}
