using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace AndyAI.Host.Cogs.Http;

/// <summary>
/// The allowance of callers without the dashboard token on anonymous cog routes: a token bucket per route and caller
/// address, on a <see cref="TimeProvider"/>. A bucket holds the route's
/// <see cref="Abstractions.Http.CogHttpRouteOptions.AnonymousRequestsPerMinute"/> and refills at that rate, so a caller
/// may send a minute's worth at once and then one request per 1/n of a minute. Buckets are refilled when asked (no
/// timer), and those idle for a minute, full again, are dropped. Compiled into AndyAI.Testing too, so the test kit's
/// fake limits as the host does.
/// </summary>
internal sealed class CogHttpCallerBuckets
{
    /// <summary>The callers tracked at once before new ones are refused (until idle ones are dropped): about 20 MB of buckets.</summary>
    public const int DefaultMaxCallers = 100_000;

    // A bucket refills completely within a minute whatever its rate: one idle that long is the same as none.
    private static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(1);

    // While the table is full, how often a new caller may make it look for idle buckets to drop. Each look walks every
    // bucket: done for each new caller, a flood from many addresses (a /48 holds 65,536 /64s) would cost a walk of the
    // whole table per request. Buckets only go idle a minute after their last request, so a look a second misses none
    // for long.
    private static readonly TimeSpan FullSweepEvery = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly int _maxCallers;
    private readonly ConcurrentDictionary<(string Route, string Caller), Bucket> _buckets = new();
    private long _lastSweep;
    private int _count; // the buckets' count: ConcurrentDictionary.Count takes every lock of the table
    private long _sweeps;

    /// <param name="time">The clock the buckets refill on.</param>
    /// <param name="maxCallers">The (route, caller) pairs tracked at once; a new one past it is refused.</param>
    public CogHttpCallerBuckets(TimeProvider time, int maxCallers = DefaultMaxCallers)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCallers);
        _time = time;
        _maxCallers = maxCallers;
        _lastSweep = time.GetTimestamp();
    }

    /// <summary>The (route, caller) pairs tracked now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>How many times the table was walked for idle buckets (tests).</summary>
    internal long Sweeps => Interlocked.Read(ref _sweeps);

    /// <summary>The key of a route's buckets: the cog, the method and the path shape, so a reload keeps the callers' allowance (and no cog type is held).</summary>
    public static string RouteKey(string owner, string method, string shape) => owner.ToLowerInvariant() + " " + method + " " + shape;

    /// <summary>
    /// The key of a caller: its address, an IPv6 one cut to its /64 (one host's or one customer's network, which holds
    /// as many addresses as it likes), an IPv4-mapped one as IPv4; <c>"unknown"</c> when there is none.
    /// </summary>
    public static string CallerKey(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4().ToString();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }

    /// <summary>Takes one request from the bucket of <paramref name="route"/> and <paramref name="caller"/>.</summary>
    /// <param name="route">The route's <see cref="RouteKey"/>.</param>
    /// <param name="caller">The caller's <see cref="CallerKey"/>.</param>
    /// <param name="perMinute">The route's allowance per minute (the bucket's size and refill rate), 1 or more.</param>
    /// <param name="retryAfter">When refused, how long until a request would be allowed; zero otherwise.</param>
    /// <returns>Whether the request may be served.</returns>
    public bool TryTake(string route, string caller, int perMinute, out TimeSpan retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perMinute);
        long now = _time.GetTimestamp();
        SweepIfDue(now, IdleAfter);
        if (!_buckets.TryGetValue((route, caller), out Bucket? bucket))
        {
            if (Count >= _maxCallers)
            {
                SweepIfDue(now, FullSweepEvery);
                if (Count >= _maxCallers)
                {
                    // Refused rather than let through untracked: past this many callers the listener is under a
                    // spread-out flood, and idle buckets make room again within the minute.
                    retryAfter = IdleAfter;
                    return false;
                }
            }

            var added = new Bucket(perMinute, now);
            if (_buckets.TryAdd((route, caller), added))
            {
                Interlocked.Increment(ref _count);
                bucket = added;
            }
            else if (!_buckets.TryGetValue((route, caller), out bucket))
            {
                bucket = added; // added by another request and swept since (idle a minute): as if dropped after the lookup
            }
        }

        // A sweep may drop this bucket between the lookup and here (only one idle for a minute, so full): the request
        // then takes from a bucket nobody sees again, and the caller's next one starts a full one, as it would have.
        // Counted in whole units, so no rounding ever refuses a request the rate allows: a request costs a minute's
        // ticks, and each tick refills perMinute units (a full bucket, perMinute requests, refills in a minute).
        lock (bucket.Gate)
        {
            long elapsed = Math.Min(_time.GetElapsedTime(bucket.Stamp, now).Ticks, TimeSpan.TicksPerMinute);
            bucket.Units = Math.Min(perMinute * TimeSpan.TicksPerMinute, bucket.Units + (elapsed * perMinute));
            bucket.Stamp = now;
            if (bucket.Units >= TimeSpan.TicksPerMinute)
            {
                bucket.Units -= TimeSpan.TicksPerMinute;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            long missing = TimeSpan.TicksPerMinute - bucket.Units;
            retryAfter = TimeSpan.FromTicks((missing + perMinute - 1) / perMinute);
            return false;
        }
    }

    private void SweepIfDue(long now, TimeSpan every)
    {
        long last = Interlocked.Read(ref _lastSweep);
        if (_time.GetElapsedTime(last, now) >= every && Interlocked.CompareExchange(ref _lastSweep, now, last) == last)
        {
            Sweep(now);
        }
    }

    private void Sweep(long now)
    {
        Interlocked.Increment(ref _sweeps);
        foreach (KeyValuePair<(string Route, string Caller), Bucket> entry in _buckets)
        {
            long stamp;
            lock (entry.Value.Gate)
            {
                stamp = entry.Value.Stamp;
            }

            if (_time.GetElapsedTime(stamp, now) >= IdleAfter)
            {
                if (_buckets.TryRemove(entry)) Interlocked.Decrement(ref _count);
            }
        }
    }

    private sealed class Bucket(int perMinute, long stamp)
    {
        public readonly Lock Gate = new();
        public long Units = perMinute * TimeSpan.TicksPerMinute; // full
        public long Stamp = stamp;
    }
}
