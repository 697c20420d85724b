using System.Collections.Concurrent;

namespace AndyAI.Discord.Rest.RateLimits;

/// <summary>
/// Everything that decides when a REST request may leave: per-route buckets learned from
/// <c>X-RateLimit-Bucket</c> plus the top-level resource id, the global 50 req/s limit and global 429 pauses, and
/// a budget of invalid responses (401/403/429) far below the 10,000 per 10 minutes that gets an IP banned. With an
/// <see cref="IRestCoordinator"/> the global limit and the invalid budget are shared with the bot's other processes,
/// and so is what one learned about buckets: a route's bucket hash, and a bucket emptied until its reset.
/// </summary>
internal sealed class RestRateLimiter(TimeProvider time, int invalidRequestBudget, int globalPerSecond = 50, IRestCoordinator? coordinator = null)
{
    public static readonly TimeSpan InvalidWindow = TimeSpan.FromMinutes(10);

    /// <summary>How long an interaction token (and so its buckets) stays valid.</summary>
    public static readonly TimeSpan InteractionTokenLifetime = TimeSpan.FromMinutes(15);

    private const int InteractionBucketSweepThreshold = 256;
    private static readonly TimeSpan InvalidSlot = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, string> _hashByRoute = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RouteBucket> _buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (RouteBucket Bucket, DateTimeOffset Created)> _interactionBuckets = new(StringComparer.Ordinal);
    private long _lastInteractionSweepTicks;
    private readonly Lock _gate = new();
    private DateTimeOffset _globalPausedUntil;
    private DateTimeOffset _globalWindowStart;
    private int _globalCount;
    private readonly long[] _invalidSlots = new long[10];
    private int _subscribed;
    private long _invalidSlotIndex = -1;
    private long _invalidTotal;

    /// <summary>401/403/429 responses seen since start.</summary>
    public long InvalidTotal => Interlocked.Read(ref _invalidTotal);

    public RouteBucket GetBucket(string route, string majorId)
    {
        if (!_hashByRoute.TryGetValue(route, out string? hash) && coordinator?.SharedHash(route) is { } shared)
        {
            // Another process learned this route's bucket: use it from the first request on.
            hash = _hashByRoute.GetOrAdd(route, shared);
        }

        string key = BucketKey(route, majorId, hash);
        RouteBucket bucket = _buckets.GetOrAdd(key, static (_, t) => new RouteBucket(t), time);
        // Another process emptied this bucket: wait for its reset here too instead of running into a 429.
        if (coordinator?.ExhaustedUntil(key) is { } until) bucket.ExhaustUntil(until);
        return bucket;
    }

    /// <summary>
    /// A response left the bucket of <paramref name="route"/> with nothing until <paramref name="until"/> (remaining 0,
    /// or a 429's retry-after): the bot's other processes hold their requests for it back too.
    /// </summary>
    public void ShareExhausted(string route, string majorId, DateTimeOffset until)
    {
        if (coordinator is null || until <= time.GetUtcNow()) return;
        coordinator.ShareExhausted(BucketKey(route, majorId, _hashByRoute.TryGetValue(route, out string? hash) ? hash : null), until);
    }

    private static string BucketKey(string route, string majorId, string? hash) => (hash ?? route) + ":" + majorId;

    /// <summary>
    /// The bucket of an interaction route (callback or interaction webhook): keyed by the interaction or token, so it
    /// is dropped once the token has expired (15 minutes) instead of piling up one bucket per interaction forever.
    /// </summary>
    public RouteBucket GetInteractionBucket(string route, string majorId)
    {
        DateTimeOffset now = time.GetUtcNow();
        long last = Interlocked.Read(ref _lastInteractionSweepTicks);
        // One sweep a minute at most, by whichever caller wins the exchange; the others go on without waiting.
        if (_interactionBuckets.Count >= InteractionBucketSweepThreshold && now.UtcTicks - last > TimeSpan.TicksPerMinute
            && Interlocked.CompareExchange(ref _lastInteractionSweepTicks, now.UtcTicks, last) == last)
        {
            foreach (KeyValuePair<string, (RouteBucket Bucket, DateTimeOffset Created)> entry in _interactionBuckets)
            {
                if (now - entry.Value.Created > InteractionTokenLifetime) _interactionBuckets.TryRemove(entry);
            }
        }

        return _interactionBuckets.GetOrAdd(route + ":" + majorId, static (_, state) => (new RouteBucket(state.time), state.now), (time, now)).Bucket;
    }

    /// <summary>Records that <paramref name="route"/> belongs to bucket <paramref name="hash"/>; routes sharing a hash then share state.</summary>
    public void Learn(string route, string majorId, string hash, RouteBucket bucket)
    {
        if (_hashByRoute.TryAdd(route, hash))
        {
            coordinator?.ShareRoute(route, hash); // once per route and process
            _buckets.TryAdd(hash + ":" + majorId, bucket);
        }
        else if (_hashByRoute.TryGetValue(route, out string? known) && known == hash)
        {
            _buckets.TryAdd(hash + ":" + majorId, bucket);
        }
    }

    /// <summary>A global 429: every request waits <paramref name="retryAfter"/>, in every process when coordinated.</summary>
    public void PauseGlobal(TimeSpan retryAfter)
    {
        PauseHere(retryAfter);
        coordinator?.AnnounceGlobalPause(retryAfter);
    }

    private void PauseHere(TimeSpan retryAfter)
    {
        lock (_gate)
        {
            DateTimeOffset until = time.GetUtcNow() + retryAfter;
            if (until > _globalPausedUntil) _globalPausedUntil = until;
        }
    }

    /// <summary>Waits for the global limit, a global 429 pause, and the invalid-request budget.</summary>
    public async ValueTask WaitGlobalAsync(CancellationToken cancellationToken)
    {
        // Another process's global 429 pauses this one too (one limiter per process: the handler lives as long).
        if (coordinator is not null && Volatile.Read(ref _subscribed) == 0 && Interlocked.Exchange(ref _subscribed, 1) == 0) coordinator.GlobalPaused += PauseHere;

        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                DateTimeOffset now = time.GetUtcNow();
                if (now < _globalPausedUntil)
                {
                    wait = _globalPausedUntil - now;
                }
                else if (Math.Max(InvalidInWindow(now), coordinator?.InvalidInWindow ?? 0) >= invalidRequestBudget)
                {
                    // Hold requests back until the oldest minute of invalid responses leaves the window.
                    wait = InvalidSlot - TimeSpan.FromTicks((now - DateTimeOffset.UnixEpoch).Ticks % InvalidSlot.Ticks);
                }
                else if (coordinator is not null)
                {
                    wait = TimeSpan.MinValue; // asked below, outside the lock
                }
                else
                {
                    if (now - _globalWindowStart >= TimeSpan.FromSeconds(1))
                    {
                        _globalWindowStart = now;
                        _globalCount = 0;
                    }

                    if (_globalCount < globalPerSecond)
                    {
                        _globalCount++;
                        return;
                    }

                    wait = _globalWindowStart + TimeSpan.FromSeconds(1) - now;
                }
            }

            if (wait == TimeSpan.MinValue)
            {
                TimeSpan? shared = await coordinator!.TryAcquireGlobalAsync(globalPerSecond, cancellationToken);
                if (shared is not { } sharedWait)
                {
                    if (TryTakeLocal(out TimeSpan local)) return;
                    wait = local;
                }
                else if (sharedWait <= TimeSpan.Zero)
                {
                    return;
                }
                else
                {
                    wait = sharedWait;
                }
            }

            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), time, cancellationToken);
        }
    }

    // The process's own window: alone, or while the shared store is away.
    private bool TryTakeLocal(out TimeSpan wait)
    {
        lock (_gate)
        {
            DateTimeOffset now = time.GetUtcNow();
            if (now - _globalWindowStart >= TimeSpan.FromSeconds(1))
            {
                _globalWindowStart = now;
                _globalCount = 0;
            }

            if (_globalCount < globalPerSecond)
            {
                _globalCount++;
                wait = TimeSpan.Zero;
                return true;
            }

            wait = _globalWindowStart + TimeSpan.FromSeconds(1) - now;
            return false;
        }
    }

    public void RecordInvalid()
    {
        Interlocked.Increment(ref _invalidTotal);
        coordinator?.RecordInvalid();
        lock (_gate)
        {
            long slot = CurrentSlot(time.GetUtcNow());
            Advance(slot);
            _invalidSlots[slot % _invalidSlots.Length]++;
        }
    }

    public int InvalidInWindow()
    {
        lock (_gate) return InvalidInWindow(time.GetUtcNow());
    }

    private int InvalidInWindow(DateTimeOffset now)
    {
        Advance(CurrentSlot(now));
        long sum = 0;
        foreach (long count in _invalidSlots) sum += count;
        return (int)Math.Min(int.MaxValue, sum);
    }

    private static long CurrentSlot(DateTimeOffset now) => (now - DateTimeOffset.UnixEpoch).Ticks / InvalidSlot.Ticks;

    private void Advance(long slot)
    {
        if (_invalidSlotIndex < 0) _invalidSlotIndex = slot;
        // Clear the minutes that left the window since we last looked.
        for (long s = _invalidSlotIndex + 1; s <= slot && s - _invalidSlotIndex <= _invalidSlots.Length; s++)
        {
            _invalidSlots[s % _invalidSlots.Length] = 0;
        }

        if (slot > _invalidSlotIndex) _invalidSlotIndex = slot;
    }
}
