using AndyAI.Abstractions.RateLimiting;
using Microsoft.Extensions.Options;

namespace AndyAI.Services.RateLimiting;

/// <summary>The host's rate limits: shared per-user and per-guild buckets, and limiters made to a cog's policy.</summary>
internal sealed class RateLimitService : IRateLimitService, IDisposable
{
    private readonly KeyedTokenBucketLimiter _perUser;
    private readonly KeyedTokenBucketLimiter _perGuild;
    private readonly TimeProvider _time;

    public RateLimitService(IOptions<RateLimitOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _perUser = new KeyedTokenBucketLimiter(options.Value.PerUser.ToPolicy(), time);
        _perGuild = new KeyedTokenBucketLimiter(options.Value.PerGuild.ToPolicy(), time);
    }

    public IKeyedRateLimiter PerUser => _perUser;

    public IKeyedRateLimiter PerGuild => _perGuild;

    internal KeyedTokenBucketLimiter PerUserLimiter => _perUser;

    internal KeyedTokenBucketLimiter PerGuildLimiter => _perGuild;

    public IKeyedRateLimiter Create(RateLimitPolicy policy) => new KeyedTokenBucketLimiter(policy, _time);

    public void Dispose()
    {
        _perUser.Dispose();
        _perGuild.Dispose();
    }
}

/// <summary>
/// A cog's view of the rate limits: the shared buckets (which the cog cannot dispose) and its own limiters, which
/// are disposed with the cog.
/// </summary>
internal sealed class CogRateLimitService(RateLimitService host) : IRateLimitService, IDisposable
{
    private readonly List<KeyedTokenBucketLimiter> _created = [];
    private readonly SharedLimiter _perUser = new(host.PerUserLimiter);
    private readonly SharedLimiter _perGuild = new(host.PerGuildLimiter);
    private bool _disposed;

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
        var limiter = (KeyedTokenBucketLimiter)host.Create(policy);
        lock (_created)
        {
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

    /// <summary>The host's shared buckets as a cog sees them: disposing does nothing (they outlive every cog).</summary>
    private sealed class SharedLimiter(KeyedTokenBucketLimiter inner) : IKeyedRateLimiter
    {
        public RateLimitDecision TryAcquire(ulong key, int permits = 1) => inner.TryAcquire(key, permits);

        public void Dispose()
        {
        }
    }
}
