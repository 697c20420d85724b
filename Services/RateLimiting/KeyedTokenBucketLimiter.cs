using System.Collections.Concurrent;
using AndyAI.Abstractions.RateLimiting;

namespace AndyAI.Services.RateLimiting;

/// <summary>
/// A token bucket per key in a lock-free map, tuned for the hot path. System.Threading.RateLimiting's
/// <c>TokenBucketRateLimiter</c> reads <c>Stopwatch</c> even with AutoReplenishment off (it refills by real elapsed
/// time; dotnet/runtime#106447), so it cannot follow an injected clock, and <c>PartitionedRateLimiter</c> adds a
/// global lock and ~200 bytes per key. Here a check is one dictionary lookup plus a 32-byte bucket under its own
/// lock, refilled lazily from the injected <see cref="TimeProvider"/> (no timer per key), and a sweep drops buckets
/// idle long enough to be full again — a forgotten bucket and a full one behave the same — so memory is bounded by
/// the keys active within one refill time, not by every key ever seen. (The benchmarks compare it with
/// <c>PartitionedRateLimiter</c> + <c>TokenBucketRateLimiter</c>.)
/// </summary>
internal sealed class KeyedTokenBucketLimiter : IKeyedRateLimiter
{
    private readonly ConcurrentDictionary<ulong, Partition> _partitions = new();
    private readonly TimeProvider _time;
    private readonly long _periodTimestamps;
    private readonly long _fillTimestamps;
    private readonly int _periodsToFill;
    private readonly ITimer _sweeper;
    private readonly ISharedTokenBuckets? _shared;
    private readonly string _scope;
    private long _allowed;
    private long _denied;
    private volatile bool _disposed;

    /// <param name="policy">The buckets' shape.</param>
    /// <param name="time">The clock.</param>
    /// <param name="shared">Buckets shared with the bot's other processes, asked first; <see langword="null"/> for local buckets only.</param>
    /// <param name="scope">The shared buckets' name (<c>user</c>, <c>guild</c>, a cog's limiter).</param>
    public KeyedTokenBucketLimiter(RateLimitPolicy policy, TimeProvider time, ISharedTokenBuckets? shared = null, string scope = "")
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(time);
        if (Validate(policy) is { } problem)
        {
            throw new ArgumentException(problem, nameof(policy));
        }

        Policy = policy;
        _time = time;
        _shared = shared;
        _scope = scope;
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

    /// <summary>Checks allowed since creation (swept buckets' counts included).</summary>
    public long Allowed => Interlocked.Read(ref _allowed) + _partitions.Sum(p => Volatile.Read(ref p.Value.Allowed));

    /// <summary>Checks denied since creation (swept buckets' counts included).</summary>
    public long Denied => Interlocked.Read(ref _denied) + _partitions.Sum(p => Volatile.Read(ref p.Value.Denied));

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
        ThrowIfUnusable(permits);
        if (_shared?.TryAcquire(_scope, key, Policy, permits) is { } decision)
        {
            return Count(decision);
        }

        return TryAcquireLocally(key, permits);
    }

    public ValueTask<RateLimitDecision> TryAcquireAsync(ulong key, int permits = 1, CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable(permits);
        return _shared is null ? new ValueTask<RateLimitDecision>(TryAcquireLocally(key, permits)) : TryAcquireSharedAsync(key, permits, cancellationToken);
    }

    /// <summary>Whether this limiter's buckets live where <paramref name="other"/>'s do (both local, or the same shared store).</summary>
    public bool SharesBucketsWith(KeyedTokenBucketLimiter other) => ReferenceEquals(_shared, other._shared);

    /// <summary>
    /// A token from <paramref name="first"/> for <paramref name="firstKey"/>, then (only when allowed) from
    /// <paramref name="second"/> for <paramref name="secondKey"/>: one round trip when their buckets are shared,
    /// synchronous and allocation-free when they are local.
    /// </summary>
    /// <exception cref="ArgumentException">The two keep their buckets in different places (<see cref="SharesBucketsWith"/>).</exception>
    public static ValueTask<RateLimitDecisions> TryAcquireBothAsync(KeyedTokenBucketLimiter first, ulong firstKey, KeyedTokenBucketLimiter second, ulong secondKey, CancellationToken cancellationToken)
    {
        first.ThrowIfUnusable(1);
        second.ThrowIfUnusable(1);
        if (!first.SharesBucketsWith(second))
        {
            throw new ArgumentException("The two limiters keep their buckets in different places; ask them one after the other.", nameof(second));
        }

        return first._shared is { } shared
            ? TryAcquireBothSharedAsync(shared, first, firstKey, second, secondKey, cancellationToken)
            : new ValueTask<RateLimitDecisions>(TryAcquireBothLocally(first, firstKey, second, secondKey));
    }

    private static async ValueTask<RateLimitDecisions> TryAcquireBothSharedAsync(ISharedTokenBuckets shared, KeyedTokenBucketLimiter first, ulong firstKey, KeyedTokenBucketLimiter second, ulong secondKey, CancellationToken cancellationToken)
    {
        if (await shared.TryAcquireAsync(first.Take(firstKey, 1), second.Take(secondKey, 1), cancellationToken) is not { } both)
        {
            return TryAcquireBothLocally(first, firstKey, second, secondKey); // the shared store is away: decide alone, as a single check would
        }

        first.Count(both.First);
        if (both.First.IsAllowed) second.Count(both.Second);
        return both;
    }

    private static RateLimitDecisions TryAcquireBothLocally(KeyedTokenBucketLimiter first, ulong firstKey, KeyedTokenBucketLimiter second, ulong secondKey)
    {
        RateLimitDecision taken = first.TryAcquireLocally(firstKey, 1);
        return new RateLimitDecisions(taken, taken.IsAllowed ? second.TryAcquireLocally(secondKey, 1) : RateLimitDecision.Allowed);
    }

    private void ThrowIfUnusable(int permits)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(permits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permits, Policy.Capacity);
    }

    private async ValueTask<RateLimitDecision> TryAcquireSharedAsync(ulong key, int permits, CancellationToken cancellationToken) =>
        await _shared!.TryAcquireAsync(Take(key, permits), null, cancellationToken) is { } decision
            ? Count(decision.First)
            : TryAcquireLocally(key, permits);

    private SharedBucketTake Take(ulong key, int permits) => new(_scope, key, Policy, permits);

    private RateLimitDecision Count(RateLimitDecision decision)
    {
        Interlocked.Increment(ref decision.IsAllowed ? ref _allowed : ref _denied);
        return decision;
    }

    private RateLimitDecision TryAcquireLocally(ulong key, int permits)
    {
        long now = _time.GetTimestamp();
        if (!_partitions.TryGetValue(key, out Partition? partition))
        {
            partition = _partitions.GetOrAdd(key, static (_, state) => new Partition(state.Item1, state.Item2), (this, now));
        }

        return partition.TryAcquire(this, now, permits);
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
                // Counted under the bucket's lock by TryAcquire; moved to the totals so statistics survive the sweep.
                Interlocked.Add(ref _allowed, Volatile.Read(ref pair.Value.Allowed));
                Interlocked.Add(ref _denied, Volatile.Read(ref pair.Value.Denied));
                // A caller that took the bucket from the map just before the removal spends a token on a full
                // bucket that is then dropped: at most one extra permit, for a key that was idle anyway.
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
        _partitions.Clear();
    }

    private sealed class Partition
    {
        public long LastUsed;
        public long Allowed;
        public long Denied;
        private long _lastRefill;
        private int _tokens;

        public Partition(KeyedTokenBucketLimiter owner, long now)
        {
            _tokens = owner.Policy.Capacity;
            _lastRefill = now;
            LastUsed = now;
        }

        public RateLimitDecision TryAcquire(KeyedTokenBucketLimiter owner, long now, int permits)
        {
            RateLimitPolicy policy = owner.Policy;
            long period = owner._periodTimestamps;
            lock (this)
            {
                long elapsed = now - _lastRefill;
                if (elapsed >= period)
                {
                    long periods = elapsed / period;
                    if (periods >= owner._periodsToFill || _tokens + (periods * policy.TokensPerPeriod) >= policy.Capacity)
                    {
                        // Full again: the refill clock restarts from now, as it would for a bucket never touched.
                        _tokens = policy.Capacity;
                        _lastRefill = now;
                    }
                    else
                    {
                        _tokens += (int)(periods * policy.TokensPerPeriod);
                        _lastRefill += periods * period;
                    }
                }

                LastUsed = now;
                if (_tokens >= permits)
                {
                    _tokens -= permits;
                    Allowed++;
                    return RateLimitDecision.Allowed;
                }

                Denied++;

                // Denied: the time until enough whole periods have passed to cover the missing tokens.
                long missing = permits - _tokens;
                long periodsNeeded = (missing + policy.TokensPerPeriod - 1) / policy.TokensPerPeriod;
                long wait = Math.Max(0, (periodsNeeded * period) - (now - _lastRefill));
                return new RateLimitDecision(false, TimeSpan.FromTicks((long)(wait * (double)TimeSpan.TicksPerSecond / owner._time.TimestampFrequency)));
            }
        }
    }
}
