using AndyAI.Abstractions.RateLimiting;

namespace AndyAI.Services.RateLimiting;

/// <summary>
/// A cog's view of the rate limits: the shared buckets (which the cog cannot dispose) and its own limiters, which
/// are disposed with the cog.
/// </summary>
internal sealed class CogRateLimitService(RateLimitService host, string cogName = "") : IRateLimitService, IDisposable
{
    private readonly List<KeyedTokenBucketLimiter> _created = [];
    private readonly SharedLimiter _perUser = new(host.PerUserLimiter);
    private readonly SharedLimiter _perGuild = new(host.PerGuildLimiter);
    private bool _disposed;
    private int _sequence;

    public IKeyedRateLimiter PerUser => _perUser;

    public IKeyedRateLimiter PerGuild => _perGuild;

    internal int CreatedCount
    {
        get
        {
            lock (_created)
            {
                return _created.Count;
            }
        }
    }

    public IKeyedRateLimiter Create(RateLimitPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        KeyedTokenBucketLimiter limiter;
        lock (_created)
        {
            // Shared buckets are named by cog, creation order and shape: the same cog code creates the same limiters
            // in the same order in every process (and after a reload), so they meet in the same buckets.
            limiter = host.Create(policy, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"cog:{cogName}:{_sequence++}:{policy.Capacity}/{policy.TokensPerPeriod}/{(long)policy.Period.TotalMilliseconds}"));

            if (_disposed)
            {
                limiter.Dispose();
                throw new ObjectDisposedException(nameof(CogRateLimitService), "The cog is unloading; it cannot create rate limiters any more.");
            }

            _created.Add(limiter);
        }

        return limiter;
    }

    public void Dispose()
    {
        KeyedTokenBucketLimiter[] created;
        lock (_created)
        {
            _disposed = true;
            created = [.. _created];
            _created.Clear();
        }

        foreach (KeyedTokenBucketLimiter limiter in created)
        {
            limiter.Dispose();
        }
    }

    public ValueTask<RateLimitDecisions> TryAcquireBothAsync(IKeyedRateLimiter first, ulong firstKey, IKeyedRateLimiter second, ulong secondKey, CancellationToken cancellationToken = default) =>
        RateLimitService.TryAcquireBoth(first, firstKey, second, secondKey, cancellationToken);

    /// <summary>The host's shared buckets as a cog sees them: disposing does nothing (they outlive every cog).</summary>
    internal sealed class SharedLimiter(KeyedTokenBucketLimiter inner) : IKeyedRateLimiter
    {
        public KeyedTokenBucketLimiter Inner => inner;

        public RateLimitDecision TryAcquire(ulong key, int permits = 1) => inner.TryAcquire(key, permits);

        public ValueTask<RateLimitDecision> TryAcquireAsync(ulong key, int permits = 1, CancellationToken cancellationToken = default) =>
            inner.TryAcquireAsync(key, permits, cancellationToken);

        public void Dispose()
        {
        }
    }
}
