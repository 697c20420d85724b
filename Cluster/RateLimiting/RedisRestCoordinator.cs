using System.Collections.Concurrent;
using System.Globalization;
using AndyAI.Discord.Rest.RateLimits;
using StackExchange.Redis;

namespace AndyAI.Cluster.RateLimiting;

/// <summary>
/// Discord's per-token REST limits shared on Redis. The global limit is a counter per second
/// (<c>{prefix}rest:global:{second}</c>) that never passes the limit, summed over every process. Shortly before each
/// second starts, <see cref="RunPrepayAsync"/> (the process's <see cref="RestPrepayService"/>) reserves this process's
/// tokens for that second in its counter: as many as it asked for in the last two seconds, at least
/// <see cref="MinimumPrepaid"/> (none after <see cref="IdleAfter"/> without a request) and at most its fair share of the limit (the limit over the live processes, which the same script
/// counts), so a request costs no round trip until those run out; then it reserves
/// a few at a time (a tenth of the limit, at most 10) on demand. Invalid responses count into a key per minute
/// (<c>{prefix}rest:invalid:{minute}</c>, fire and forget) and every reservation's script also returns the 10-minute
/// total, so <see cref="InvalidInWindow"/> is at most about a second old without a read of its own. A global 429 is
/// announced on <c>{prefix}rest:pause</c> and pauses every process. What a process learns about per-route buckets
/// is announced on <c>{prefix}rest:buckets</c> and kept for processes that (re)join: a route's bucket hash
/// (<c>{prefix}rest:routes</c>, a hash) and a bucket emptied until its reset (<c>{prefix}rest:exhausted</c>, a sorted
/// set by reset time). Every process keeps both in memory, so a request reads them without a round trip; only a
/// bucket running out costs one (fire and forget). While Redis is away it answers <see langword="null"/>, the
/// prepay loop does nothing, and the process keeps its own limits.
/// </summary>
internal sealed class RedisRestCoordinator : IRestCoordinator
{
    // KEYS: this second's counter, the last 10 minutes' invalid counters, the live processes (ClusterMembers).
    // ARGV: tokens wanted, the limit, now (unix ms). Returns the tokens granted, the invalid responses of every
    // process in the window, and how many processes are alive.
    private const string Reserve = """
        local used = tonumber(redis.call('GET', KEYS[1]) or '0')
        local granted = math.min(tonumber(ARGV[1]), tonumber(ARGV[2]) - used)
        if granted > 0 then
            redis.call('INCRBY', KEYS[1], granted)
            redis.call('PEXPIRE', KEYS[1], 2000)
        else
            granted = 0
        end
        local invalid = 0
        for _, count in ipairs(redis.call('MGET', unpack(KEYS, 2, #KEYS - 1))) do
            if count then invalid = invalid + tonumber(count) end
        end
        return {granted, invalid, redis.call('ZCOUNT', KEYS[#KEYS], ARGV[3], '+inf')}
        """;

    // KEYS: exhausted set. ARGV: bucket key, until (unix ms), now (unix ms), channel, announcement.
    private const string Exhaust = """
        redis.call('ZADD', KEYS[1], 'GT', ARGV[2], ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
        redis.call('PEXPIRE', KEYS[1], 600000)
        redis.call('PUBLISH', ARGV[4], ARGV[5])
        return 1
        """;

    /// <summary>How long before a second starts its tokens are prepaid (timer jitter plus a round trip, with room).</summary>
    internal static readonly TimeSpan PrepayLead = TimeSpan.FromMilliseconds(100);

    private const int InvalidMinutes = 10;

    /// <summary>What a process prepays each second while it makes requests: a mention's typing and reply, twice (an answer may straddle a second).</summary>
    internal const int MinimumPrepaid = 4;

    /// <summary>After this long without a request, a process prepays nothing until its next request.</summary>
    internal static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    // This second's and the next one's tokens (index: second % 2), each with how often a request asked in it.
    private readonly SecondTokens[] _tokens = [new() { Second = -1 }, new() { Second = -1 }];
    private int _perSecond = 50;
    private int _liveProcesses = 1;
    private long _lastAskedSecond = long.MinValue;
    private readonly long _startedSecond;
    private int _invalidInWindow = -1;
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
        _startedSecond = time.GetUtcNow().ToUnixTimeSeconds();
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

    /// <summary>
    /// Invalid responses of every process in the last 10 minutes, as returned by the last reservation (the prepay
    /// loop's, each second) plus this process's since; <see langword="null"/> while Redis is away or not yet read.
    /// A local read: no round trip.
    /// </summary>
    public int? InvalidInWindow
    {
        get
        {
            if (!_redis.IsAvailable) return null;
            int value = Volatile.Read(ref _invalidInWindow);
            return value < 0 ? null : value;
        }
    }

    /// <summary>Raised after each prepay round with the second and the tokens it got (-1: Redis did not answer). For tests.</summary>
    internal event Action<long, int>? Prepaid;

    public async ValueTask<TimeSpan?> TryAcquireGlobalAsync(int perSecond, CancellationToken cancellationToken)
    {
        if (_redis.Database is not { } db) return null;
        Volatile.Write(ref _perSecond, perSecond);
        long nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        long second = nowMs / 1000;
        lock (_gate)
        {
            SecondTokens tokens = TokensFor(second);
            tokens.Asked++;
            _lastAskedSecond = second;
            if (tokens.Reserved > 0)
            {
                tokens.Reserved--;
                return TimeSpan.Zero;
            }
        }

        long? granted = await ReserveAsync(db, second, Math.Clamp(perSecond / 10, 1, 10), perSecond);
        if (granted is null) return null;
        if (granted <= 0) return TimeSpan.FromMilliseconds(1000 - (nowMs % 1000));
        lock (_gate)
        {
            TokensFor(second).Reserved += (int)granted - 1;
        }

        return TimeSpan.Zero;
    }

    /// <summary>
    /// Until cancelled: shortly before each second starts (<see cref="PrepayLead"/>), reserves this process's tokens
    /// for it and reads the invalid count; the first round, at once, is for the current second. While Redis is away a
    /// round does nothing.
    /// </summary>
    internal async Task RunPrepayAsync(CancellationToken cancellationToken)
    {
        long leadMs = (long)PrepayLead.TotalMilliseconds;
        long prepaid = long.MinValue;
        while (true)
        {
            long nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
            // The second under way, or the next one once its lead has begun.
            long second = (nowMs + leadMs) / 1000;
            if (second != prepaid)
            {
                int granted = await PrepayAsync(second);
                prepaid = second;
                Prepaid?.Invoke(second, granted);
                continue;
            }

            await Task.Delay(TimeSpan.FromMilliseconds((second + 1) * 1000 - leadMs - nowMs), _time, cancellationToken);
        }
    }

    private async Task<int> PrepayAsync(long second)
    {
        if (_redis.Database is not { } db)
        {
            Volatile.Write(ref _invalidInWindow, -1);
            return -1;
        }

        int perSecond = Volatile.Read(ref _perSecond);
        // At most this process's fair share of the limit, so the live processes' prepaid tokens never crowd each other out.
        int most = Math.Max(2, perSecond / Math.Max(1, Volatile.Read(ref _liveProcesses)));
        int wanted;
        lock (_gate)
        {
            // What the process asked for in the second now ending and the one before it, so a pause of one second
            // does not drop a busy process to the minimum.
            int asked = 0;
            foreach (SecondTokens tokens in _tokens)
            {
                if (tokens.Second >= second - 2 && tokens.Second < second) asked = Math.Max(asked, tokens.Asked);
            }

            SecondTokens target = _tokens[(int)(second & 1)];
            int held = target.Second == second ? target.Reserved : 0;
            // At least a few (two mentions' typing and reply, when one ends in the next second) while the process
            // talks to Discord at all; none once it has been quiet for IdleAfter (a standby, or a bot nobody uses),
            // so idle processes do not hold back the others' share of the limit. Start-up counts as talking.
            long quietFor = second - (_lastAskedSecond == long.MinValue ? _startedSecond : _lastAskedSecond);
            int least = quietFor > (long)IdleAfter.TotalSeconds ? 0 : Math.Min(MinimumPrepaid, most);
            wanted = Math.Max(0, Math.Clamp(asked, least, most) - held);
        }

        // Even with nothing wanted the round trip is worth it: it brings the invalid count.
        long? granted = await ReserveAsync(db, second, wanted, perSecond);
        if (granted is not { } got) return -1;
        if (got > 0)
        {
            lock (_gate)
            {
                TokensFor(second).Reserved += (int)got;
            }
        }

        return (int)got;
    }

    // Must be called under _gate: the tokens of that second, emptied first if they were an older second's.
    private SecondTokens TokensFor(long second)
    {
        SecondTokens tokens = _tokens[(int)(second & 1)];
        if (tokens.Second != second)
        {
            tokens.Second = second;
            tokens.Reserved = 0;
            tokens.Asked = 0;
        }

        return tokens;
    }

    // Up to `wanted` tokens of `second`; also refreshes the invalid count. Null when Redis did not answer.
    private async Task<long?> ReserveAsync(IDatabase db, long second, int wanted, int perSecond)
    {
        long minute = _time.GetUtcNow().ToUnixTimeSeconds() / 60;
        var keys = new RedisKey[2 + InvalidMinutes];
        keys[0] = Key("rest:global:", second);
        for (int i = 0; i < InvalidMinutes; i++) keys[i + 1] = Key("rest:invalid:", minute - i);
        keys[^1] = Key("instances");
        try
        {
            var result = (RedisResult[])(await db.ScriptEvaluateAsync(Reserve, keys, [wanted, perSecond, _time.GetUtcNow().ToUnixTimeMilliseconds()]))!;
            Volatile.Write(ref _invalidInWindow, (int)Math.Min(int.MaxValue, (long)result[1]));
            Volatile.Write(ref _liveProcesses, (int)(long)result[2]);
            return (long)result[0];
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Volatile.Write(ref _invalidInWindow, -1);
            return null;
        }
    }

    public void RecordInvalid()
    {
        if (_redis.Database is not { } db) return;
        RedisKey key = Key("rest:invalid:", _time.GetUtcNow().ToUnixTimeSeconds() / 60);
        try
        {
            db.StringIncrement(key, flags: CommandFlags.FireAndForget);
            db.KeyExpire(key, TimeSpan.FromMinutes(InvalidMinutes + 1), flags: CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Counted locally all the same.
        }

        // Counted here at once; the next reservation brings the total again (this one included). Unknown stays unknown.
        int seen;
        do
        {
            seen = Volatile.Read(ref _invalidInWindow);
        }
        while (seen >= 0 && Interlocked.CompareExchange(ref _invalidInWindow, seen + 1, seen) != seen);
    }

    private RedisKey Key(string name) => _redis.Prefix + name;

    private RedisKey Key(string name, long slot) => _redis.Prefix + name + slot.ToString(CultureInfo.InvariantCulture);

    private sealed class SecondTokens
    {
        public long Second;
        public int Reserved;
        public int Asked;
    }
}
