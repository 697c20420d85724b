using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using AndyAI.Abstractions.RateLimiting;

namespace AndyAI.Services.RateLimiting;

/// <summary>
/// A <see cref="TokenBucketRateLimiter"/> per key, in a lock-free map tuned for the hot path.
/// <see cref="PartitionedRateLimiter"/> takes a global lock per call and reads real time; this map costs one
/// dictionary lookup, refills from the injected <see cref="TimeProvider"/> (the buckets run with
/// AutoReplenishment off, so no timer per key), and a sweep drops buckets idle long enough to be full again —
/// a forgotten bucket and a full one behave the same, so memory is bounded by the keys active within one refill
/// time, not by every key ever seen.
/// </summary>
internal sealed class KeyedTokenBucketLimiter : IKeyedRateLimiter
{
    private readonly ConcurrentDictionary<ulong, Partition> _partitions = new();
    private readonly TimeProvider _time;
    private readonly TokenBucketRateLimiterOptions _bucketOptions;
    private readonly long _periodTimestamps;
    private readonly long _fillTimestamps;
    private readonly int _periodsToFill;
    private readonly ITimer _sweeper;
    private long _allowed;
    private long _denied;
    private volatile bool _disposed;

    public KeyedTokenBucketLimiter(RateLimitPolicy policy, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(time);
        if (Validate(policy) is { } problem)
        {
            throw new ArgumentException(problem, nameof(policy));
        }

        Policy = policy;
        _time = time;
        _bucketOptions = new TokenBucketRateLimiterOptions
        {
            TokenLimit = policy.Capacity,
            TokensPerPeriod = policy.TokensPerPeriod,
            ReplenishmentPeriod = policy.Period,
            AutoReplenishment = false,
            QueueLimit = 0,
        };
        _periodTimestamps = Math.Max(1, (long)(policy.Period.Ticks * (double)time.TimestampFrequency / TimeSpan.TicksPerSecond));
        _periodsToFill = (policy.Capacity + policy.TokensPerPeriod - 1) / policy.TokensPerPeriod;
        _fillTimestamps = _periodTimestamps * _periodsToFill;

        TimeSpan fill = policy.Period * _periodsToFill;
        TimeSpan sweepEvery = fill < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : fill > TimeSpan.FromMinutes(5) ? TimeSpan.FromMinutes(5) : fill;
        _sweeper = time.CreateTimer(static s => ((KeyedTokenBucketLimiter)s!).Sweep(), this, sweepEvery, sweepEvery);
    }

    public RateLimitPolicy Policy { get; }

    /// <summary>Buckets held now (keys seen within about one refill time).</summary>
    public int TrackedKeys => _partitions.Count;

    public long Allowed => Interlocked.Read(ref _allowed);

    public long Denied => Interlocked.Read(ref _denied);

    /// <summary>Why <paramref name="policy"/> is unusable, or <see langword="null"/>.</summary>
    public static string? Validate(RateLimitPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Capacity <= 0)
        {
            return $"Capacity must be positive (got {policy.Capacity}).";
        }

        if (policy.TokensPerPeriod <= 0)
        {
            return $"TokensPerPeriod must be positive (got {policy.TokensPerPeriod}).";
        }

        if (policy.Period <= TimeSpan.Zero)
        {
            return $"Period must be positive (got {policy.Period}).";
        }

        return null;
    }

    public RateLimitDecision TryAcquire(ulong key, int permits = 1)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(permits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permits, Policy.Capacity);

        long now = _time.GetTimestamp();
        if (!_partitions.TryGetValue(key, out Partition? partition))
        {
            partition = _partitions.GetOrAdd(key, static (_, state) => new Partition(state.Item1, state.Item2), (this, now));
        }

        RateLimitDecision decision = partition.TryAcquire(this, now, permits);
        Interlocked.Increment(ref decision.IsAllowed ? ref _allowed : ref _denied);
        return decision;
    }

    /// <summary>Drops buckets unused for a full refill time (they are full again). Runs on a timer; tests call it.</summary>
    public int Sweep()
    {
        if (_disposed)
        {
            return 0;
        }

        long now = _time.GetTimestamp();
        int removed = 0;
        foreach (KeyValuePair<ulong, Partition> pair in _partitions)
        {
            if (now - Volatile.Read(ref pair.Value.LastUsed) >= _fillTimestamps && _partitions.TryRemove(pair))
            {
                // A caller that took the bucket from the map just before the removal spends a token on a full
                // bucket that is then dropped: at most one extra permit, for a key that was idle anyway.
                pair.Value.Dispose();
                removed++;
            }
        }

        return removed;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _sweeper.Dispose();
        foreach (KeyValuePair<ulong, Partition> pair in _partitions)
        {
            pair.Value.Dispose();
        }

        _partitions.Clear();
    }

    private sealed class Partition : IDisposable
    {
        public readonly TokenBucketRateLimiter Limiter;
        public long LastUsed;
        private long _lastRefill;

        public Partition(KeyedTokenBucketLimiter owner, long now)
        {
            Limiter = new TokenBucketRateLimiter(owner._bucketOptions);
            _lastRefill = now;
            LastUsed = now;
        }

        public void Dispose() => Limiter.Dispose();

        public RateLimitDecision TryAcquire(KeyedTokenBucketLimiter owner, long now, int permits)
        {
            if (now - Volatile.Read(ref _lastRefill) >= owner._periodTimestamps)
            {
                Refill(owner, now);
            }

            Volatile.Write(ref LastUsed, now);
            using RateLimitLease lease = Limiter.AttemptAcquire(permits);
            if (lease.IsAcquired)
            {
                return RateLimitDecision.Allowed;
            }

            // Denied (the cold path): how long until the missing tokens are back.
            long available = Limiter.GetStatistics()?.CurrentAvailablePermits ?? 0;
            long missing = Math.Max(1, permits - available);
            long periods = (missing + owner.Policy.TokensPerPeriod - 1) / owner.Policy.TokensPerPeriod;
            long waitTimestamps = Math.Max(0, (periods * owner._periodTimestamps) - (now - Volatile.Read(ref _lastRefill)));
            return new RateLimitDecision(false, TimeSpan.FromTicks((long)(waitTimestamps * (double)TimeSpan.TicksPerSecond / owner._time.TimestampFrequency)));
        }

        private void Refill(KeyedTokenBucketLimiter owner, long now)
        {
            lock (this)
            {
                long elapsed = now - _lastRefill;
                if (elapsed < owner._periodTimestamps)
                {
                    return;
                }

                long periods = elapsed / owner._periodTimestamps;
                long replenish = Math.Min(periods, owner._periodsToFill);
                for (long i = 0; i < replenish; i++)
                {
                    Limiter.TryReplenish();
                }

                Volatile.Write(ref _lastRefill, _lastRefill + (periods * owner._periodTimestamps));
            }
        }
    }
}
