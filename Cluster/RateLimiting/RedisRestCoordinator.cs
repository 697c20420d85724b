using System.Collections.Concurrent;
using System.Globalization;
using AndyAI.Discord.Rest.RateLimits;
using StackExchange.Redis;

namespace AndyAI.Cluster.RateLimiting;

/// <summary>
/// Discord's per-token REST limits shared on Redis. The global limit is a counter per second
/// (<c>{prefix}rest:global:{second}</c>); a process reserves a few requests at a time (a tenth of the limit, at most
/// 10) so a burst of replies costs one round trip, not one each. Invalid responses count into a key per minute
/// (<c>{prefix}rest:invalid:{minute}</c>, fire and forget) and the 10-minute total is re-read in the background at
/// most every 5 seconds. A global 429 is announced on <c>{prefix}rest:pause</c> and pauses every process. What a
/// process learns about per-route buckets is announced on <c>{prefix}rest:buckets</c> and kept for processes that
/// (re)join: a route's bucket hash (<c>{prefix}rest:routes</c>, a hash) and a bucket emptied until its reset
/// (<c>{prefix}rest:exhausted</c>, a sorted set by reset time). Every process keeps both in memory, so a request
/// reads them without a round trip; only a bucket running out costs one (fire and forget). While Redis is away it
/// answers <see langword="null"/> and the process keeps its own limits.
/// </summary>
internal sealed class RedisRestCoordinator : IRestCoordinator
{
    private const string Reserve = """
        local used = tonumber(redis.call('GET', KEYS[1]) or '0')
        local granted = math.min(tonumber(ARGV[1]), tonumber(ARGV[2]) - used)
        if granted <= 0 then return 0 end
        redis.call('INCRBY', KEYS[1], granted)
        redis.call('PEXPIRE', KEYS[1], 2000)
        return granted
        """;

    // KEYS: exhausted set. ARGV: bucket key, until (unix ms), now (unix ms), channel, announcement.
    private const string Exhaust = """
        redis.call('ZADD', KEYS[1], 'GT', ARGV[2], ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
        redis.call('PEXPIRE', KEYS[1], 600000)
        redis.call('PUBLISH', ARGV[4], ARGV[5])
        return 1
        """;

    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private long _second = -1;
    private int _reserved;
    private int _invalidInWindow = -1;
    private long _invalidReadAt = long.MinValue;
    private int _refreshing;
    private int _subscribed;
    private readonly RedisConnection _redis;
    private readonly TimeProvider _time;
    private readonly RedisChannel _pauses;
    private readonly RedisChannel _bucketNews;
    private readonly ConcurrentDictionary<string, string> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _exhausted = new(StringComparer.Ordinal);

    public RedisRestCoordinator(RedisConnection redis, TimeProvider time)
    {
        _redis = redis;
        _time = time;
        _pauses = RedisChannel.Literal(redis.Prefix + "rest:pause");
        _bucketNews = RedisChannel.Literal(redis.Prefix + "rest:buckets");
        redis.Restored += () => _ = SubscribeAsync();
        if (redis.IsAvailable) _ = SubscribeAsync();
    }

    public event Action<TimeSpan>? GlobalPaused;

    public void AnnounceGlobalPause(TimeSpan retryAfter)
    {
        if (_redis.Database is not { } db) return;
        try
        {
            db.Publish(_pauses, _redis.OwnerId + "\n" + ((long)retryAfter.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // This process pauses all the same.
        }
    }

    /// <summary>Completes once subscribed to the other processes' pauses (at once while Redis is away).</summary>
    internal async Task SubscribeAsync()
    {
        if (_redis.Multiplexer is not { IsConnected: true } mux || Interlocked.Exchange(ref _subscribed, 1) != 0) return;
        try
        {
            await mux.GetSubscriber().SubscribeAsync(_pauses, (_, message) => OnPause(message));
            await mux.GetSubscriber().SubscribeAsync(_bucketNews, (_, message) => OnBucketNews(message));
            await LoadBucketsAsync(mux.GetDatabase());
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Volatile.Write(ref _subscribed, 0);
        }
    }

    private void OnPause(RedisValue message)
    {
        string[] parts = message.ToString().Split('\n', 2);
        if (parts.Length == 2 && parts[0] != _redis.OwnerId && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long ms))
        {
            GlobalPaused?.Invoke(TimeSpan.FromMilliseconds(Math.Min(ms, 60_000)));
        }
    }

    public void ShareRoute(string route, string hash)
    {
        if (_redis.Database is not { } db) return;
        try
        {
            db.HashSet(Key("rest:routes"), route, hash, flags: CommandFlags.FireAndForget);
            db.KeyExpire(Key("rest:routes"), TimeSpan.FromDays(1), flags: CommandFlags.FireAndForget);
            db.Publish(_bucketNews, string.Join('\n', "r", _redis.OwnerId, hash, route), CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The others learn it from their own responses.
        }
    }

    // Lock-free reads on every request; ConcurrentDictionary.IsEmpty would take every lock while nothing is shared yet.
    public string? SharedHash(string route) => _routes.GetValueOrDefault(route);

    public void ShareExhausted(string bucketKey, DateTimeOffset until)
    {
        if (_redis.Database is not { } db) return;
        DateTimeOffset now = _time.GetUtcNow();
        long afterMs = (long)Math.Ceiling((until - now).TotalMilliseconds);
        if (afterMs <= 0) return;
        try
        {
            string announcement = string.Join('\n', "x", _redis.OwnerId, afterMs.ToString(CultureInfo.InvariantCulture), bucketKey);
            db.ScriptEvaluate(Exhaust, [Key("rest:exhausted")],
                [bucketKey, until.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds(), _bucketNews.ToString(), announcement], CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The others find out from their own 429.
        }
    }

    public DateTimeOffset? ExhaustedUntil(string bucketKey)
    {
        if (!_exhausted.TryGetValue(bucketKey, out DateTimeOffset until)) return null;
        if (until > _time.GetUtcNow()) return until;
        _exhausted.TryRemove(new KeyValuePair<string, DateTimeOffset>(bucketKey, until));
        return null;
    }

    /// <summary>How many buckets another process reported exhausted are known here now (tests, diagnostics).</summary>
    internal int KnownExhausted => _exhausted.Count;

    /// <summary>How many routes' bucket hashes learned by other processes are known here (tests, diagnostics).</summary>
    internal int KnownRoutes => _routes.Count;

    private void OnBucketNews(RedisValue message)
    {
        string[] parts = message.ToString().Split('\n', 4);
        if (parts.Length != 4 || parts[1] == _redis.OwnerId) return;
        if (parts[0] == "r")
        {
            _routes[parts[3]] = parts[2];
        }
        else if (parts[0] == "x" && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out long afterMs))
        {
            // Relative on the wire, so clocks of different machines need not agree.
            NoteExhausted(parts[3], _time.GetUtcNow() + TimeSpan.FromMilliseconds(Math.Min(afterMs, 600_000)));
        }
    }

    private void NoteExhausted(string bucketKey, DateTimeOffset until) =>
        _exhausted.AddOrUpdate(bucketKey, until, (_, known) => known > until ? known : until);

    // What was learned before this process subscribed (it started, or Redis came back).
    private async Task LoadBucketsAsync(IDatabase db)
    {
        foreach (HashEntry entry in await db.HashGetAllAsync(Key("rest:routes")))
        {
            _routes.TryAdd(entry.Name.ToString(), entry.Value.ToString());
        }

        long nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (SortedSetEntry entry in await db.SortedSetRangeByScoreWithScoresAsync(Key("rest:exhausted"), nowMs, double.PositiveInfinity, Exclude.Start))
        {
            NoteExhausted(entry.Element.ToString(), DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Min(entry.Score, nowMs + 600_000)));
        }
    }

    public int? InvalidInWindow
    {
        get
        {
            RefreshInvalidIfDue();
            int value = Volatile.Read(ref _invalidInWindow);
            return value < 0 ? null : value;
        }
    }

    public async ValueTask<TimeSpan?> TryAcquireGlobalAsync(int perSecond, CancellationToken cancellationToken)
    {
        if (_redis.Database is not { } db) return null;
        long nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        long second = nowMs / 1000;
        lock (_gate)
        {
            if (_second == second && _reserved > 0)
            {
                _reserved--;
                return TimeSpan.Zero;
            }
        }

        int chunk = Math.Clamp(perSecond / 10, 1, 10);
        long granted;
        try
        {
            granted = (long)await db.ScriptEvaluateAsync(Reserve, [Key("rest:global:", second)], [chunk, perSecond]);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return null;
        }

        if (granted <= 0) return TimeSpan.FromMilliseconds(1000 - (nowMs % 1000));
        lock (_gate)
        {
            if (_second != second)
            {
                _second = second;
                _reserved = 0;
            }

            _reserved += (int)granted - 1;
        }

        return TimeSpan.Zero;
    }

    public void RecordInvalid()
    {
        if (_redis.Database is not { } db) return;
        RedisKey key = Key("rest:invalid:", _time.GetUtcNow().ToUnixTimeSeconds() / 60);
        try
        {
            db.StringIncrement(key, flags: CommandFlags.FireAndForget);
            db.KeyExpire(key, TimeSpan.FromMinutes(11), flags: CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Counted locally all the same.
        }

        Interlocked.Increment(ref _invalidInWindow);
    }

    private void RefreshInvalidIfDue()
    {
        long now = _time.GetTimestamp();
        long last = Interlocked.Read(ref _invalidReadAt);
        if (last != long.MinValue && _time.GetElapsedTime(last, now) < RefreshEvery) return;
        if (Interlocked.Exchange(ref _refreshing, 1) != 0) return;
        Interlocked.Exchange(ref _invalidReadAt, now);
        _ = RefreshInvalidAsync();
    }

    private async Task RefreshInvalidAsync()
    {
        try
        {
            if (_redis.Database is not { } db)
            {
                Volatile.Write(ref _invalidInWindow, -1);
                return;
            }

            long minute = _time.GetUtcNow().ToUnixTimeSeconds() / 60;
            RedisValue[] counts = await db.StringGetAsync([.. Enumerable.Range(0, 10).Select(i => Key("rest:invalid:", minute - i))]);
            Volatile.Write(ref _invalidInWindow, (int)counts.Sum(c => c.IsNull ? 0L : (long)c));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Volatile.Write(ref _invalidInWindow, -1);
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    private RedisKey Key(string name) => _redis.Prefix + name;

    private RedisKey Key(string name, long slot) => _redis.Prefix + name + slot.ToString(CultureInfo.InvariantCulture);
}
