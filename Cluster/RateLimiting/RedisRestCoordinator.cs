using System.Globalization;
using AndyAI.Discord.Rest.RateLimits;
using StackExchange.Redis;

namespace AndyAI.Cluster.RateLimiting;

/// <summary>
/// Discord's per-token REST limits shared on Redis. The global limit is a counter per second
/// (<c>{prefix}rest:global:{second}</c>); a process reserves a few requests at a time (a tenth of the limit, at most
/// 10) so a burst of replies costs one round trip, not one each. Invalid responses count into a key per minute
/// (<c>{prefix}rest:invalid:{minute}</c>, fire and forget) and the 10-minute total is re-read in the background at
/// most every 5 seconds. A global 429 is announced on <c>{prefix}rest:pause</c> and pauses every process. While Redis
/// is away it answers <see langword="null"/> and the process keeps its own limits.
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

    public RedisRestCoordinator(RedisConnection redis, TimeProvider time)
    {
        _redis = redis;
        _time = time;
        _pauses = RedisChannel.Literal(redis.Prefix + "rest:pause");
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

    private RedisKey Key(string name, long slot) => _redis.Prefix + name + slot.ToString(CultureInfo.InvariantCulture);
}
