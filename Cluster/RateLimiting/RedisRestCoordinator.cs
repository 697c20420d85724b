using System.Globalization;
using AndyAI.Discord.Rest.RateLimits;
using StackExchange.Redis;

namespace AndyAI.Cluster.RateLimiting;

/// <summary>
/// Discord's per-token REST limits shared on Redis. The global limit is a counter per second
/// (<c>{prefix}rest:global:{second}</c>); a process reserves a few requests at a time (a tenth of the limit, at most
/// 10) so a burst of replies costs one round trip, not one each. Invalid responses count into a key per minute
/// (<c>{prefix}rest:invalid:{minute}</c>, fire and forget) and the 10-minute total is re-read in the background at
/// most every 5 seconds. While Redis is away it answers <see langword="null"/> and the process keeps its own limits.
/// </summary>
internal sealed class RedisRestCoordinator(RedisConnection redis, TimeProvider time) : IRestCoordinator
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
        if (redis.Database is not { } db) return null;
        long nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
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
        if (redis.Database is not { } db) return;
        RedisKey key = Key("rest:invalid:", time.GetUtcNow().ToUnixTimeSeconds() / 60);
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
        long now = time.GetTimestamp();
        long last = Interlocked.Read(ref _invalidReadAt);
        if (last != long.MinValue && time.GetElapsedTime(last, now) < RefreshEvery) return;
        if (Interlocked.Exchange(ref _refreshing, 1) != 0) return;
        Interlocked.Exchange(ref _invalidReadAt, now);
        _ = RefreshInvalidAsync();
    }

    private async Task RefreshInvalidAsync()
    {
        try
        {
            if (redis.Database is not { } db)
            {
                Volatile.Write(ref _invalidInWindow, -1);
                return;
            }

            long minute = time.GetUtcNow().ToUnixTimeSeconds() / 60;
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

    private RedisKey Key(string name, long slot) => redis.Prefix + name + slot.ToString(CultureInfo.InvariantCulture);
}
