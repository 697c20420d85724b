using AndyAI.Abstractions;
using System.Collections.Concurrent;
using System.Globalization;
using AndyAI.Services.Caching;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AndyAI.Cluster.Caching;

/// <summary>
/// The response cache's shared level and its cross-process single flight, built so that an answer costs at most two
/// Redis round trips: one script reads the stored value (<c>{prefix}cache:{key}</c>, UTF-8 text with the entry's
/// TTL) or, when there is none, takes the key's lock (<c>{prefix}flight:{key}</c>, SET NX PX with an owner token,
/// renewed every third of its TTL while the factory runs); the winner computes the value (asks the model) and one
/// more script stores it, deletes the lock and announces the outcome on <c>{prefix}cache:flight</c>. The others wait
/// for that announcement: a waiter registers locally before it tries the lock, so it cannot miss it, and still looks
/// again at most every <see cref="MaxPoll"/> (a lost subscription only slows it down). When the lock expires (the
/// winner died) a waiter takes it and asks itself; it also asks itself after
/// <see cref="ClusterOptions.CacheWaitLimit"/>, when the winner failed, or when Redis fails.
/// </summary>
internal sealed partial class CacheMissFlight
{
    /// <summary>The longest a waiter sleeps between two looks at the lock.</summary>
    internal static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(2);

    // KEYS: lock, value. ARGV: token, lock ttl ms. {'v', value, pttl} = stored; {'w'} = the lock is ours; {'h', pttl} = held.
    private const string Acquire = """
        local v = redis.call('GET', KEYS[2])
        if v then return {'v', v, tostring(redis.call('PTTL', KEYS[2]))} end
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {'w'} end
        return {'h', tostring(redis.call('PTTL', KEYS[1]))}
        """;

    // KEYS: lock. ARGV: token, ttl ms. 1 while the lock is still ours.
    private const string Renew = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """;

    // KEYS: lock, value. ARGV: token, entry ttl ms (0: do not store), channel, announcement, value.
    private const string Complete = """
        if tonumber(ARGV[2]) > 0 then redis.call('SET', KEYS[2], ARGV[5], 'PX', ARGV[2]) end
        if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
        redis.call('PUBLISH', ARGV[3], ARGV[4])
        return 1
        """;

    private readonly RedisConnection _redis;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _keyPrefix;
    private readonly string _valuePrefix;
    private readonly long _lockTtlMs;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<Outcome>> _waiters = new(StringComparer.Ordinal);
    private long _flights;
    private int _waiting;

    public CacheMissFlight(RedisConnection redis, TimeProvider time, ILogger logger)
    {
        _redis = redis;
        _time = time;
        _logger = logger;
        _keyPrefix = redis.Prefix + "flight:";
        _valuePrefix = redis.Prefix + "cache:";
        _lockTtlMs = (long)redis.Options.CacheLockTtl.TotalMilliseconds;
        Channel = RedisChannel.Literal(redis.Prefix + "cache:flight");
    }

    /// <summary>Where the outcomes are announced.</summary>
    public RedisChannel Channel { get; }

    /// <summary>How many callers in this process wait for another process's answer now (tests, diagnostics).</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Where <paramref name="key"/>'s value is stored.</summary>
    public RedisKey ValueKey(string key) => _valuePrefix + key;

    /// <summary>
    /// Returns <paramref name="key"/>'s stored value, the value another process computes for it now, or computes it
    /// here once no other process does and stores it for <paramref name="timeToLive"/> (unless
    /// <paramref name="keep"/> says no).
    /// </summary>
    public async ValueTask<SharedValue> RunAsync(string key, Func<CancellationToken, ValueTask<string>> factory, TimeSpan timeToLive, Func<string, bool> keep,
        CancellationToken cancellationToken)
    {
        long waitUntil = _time.GetTimestamp() + (long)(_redis.Options.CacheWaitLimit.TotalSeconds * _time.TimestampFrequency);
        string token = _redis.OwnerId + "/" + Interlocked.Increment(ref _flights).ToString(CultureInfo.InvariantCulture);
        RedisKey lockKey = _keyPrefix + key;
        RedisKey valueKey = ValueKey(key);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_redis.Database is not { } db) return new SharedValue(await factory(cancellationToken), null);

            // Registered before the lock is tried, so an announcement after that try always reaches this waiter.
            var waiter = new TaskCompletionSource<Outcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            TaskCompletionSource<Outcome> registered = _waiters.GetOrAdd(key, waiter);
            TimeSpan wait;
            try
            {
                RedisResult[] reply;
                try
                {
                    reply = (RedisResult[])(await db.ScriptEvaluateAsync(Acquire, [lockKey, valueKey], [token, _lockTtlMs]))!;
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    LogFlightFailed(_logger, ex.Message);
                    return new SharedValue(await factory(cancellationToken), null);
                }

                switch ((string?)reply[0])
                {
                    case "v":
                        return new SharedValue((string)reply[1]!, RemainingOf(reply[2]));
                    case "w":
                        return new SharedValue(await RunAsWinnerAsync(db, lockKey, valueKey, key, token, factory, timeToLive, keep, cancellationToken), null);
                }

                TimeSpan left = _time.GetElapsedTime(_time.GetTimestamp(), waitUntil);
                if (left <= TimeSpan.Zero)
                {
                    LogWaitedTooLong(_logger, DurationText.Format(_redis.Options.CacheWaitLimit));
                    return new SharedValue(await factory(cancellationToken), null);
                }

                long pttl = long.Parse((string)reply[1]!, CultureInfo.InvariantCulture);
                wait = pttl > 0 ? TimeSpan.FromMilliseconds(pttl + 10) : TimeSpan.FromMilliseconds(10);
                wait = Min(Min(wait, MaxPoll), left);
                Interlocked.Increment(ref _waiting);
                try
                {
                    Outcome outcome = await registered.Task.WaitAsync(wait, _time, cancellationToken);
                    if (outcome.HasValue) return new SharedValue(outcome.Value!, null);
                    // The winner failed or gave up: try the lock again at once (one of the waiters asks).
                }
                catch (TimeoutException)
                {
                    // Look again: the lock may have expired (a dead winner) or the announcement was lost.
                }
                finally
                {
                    Interlocked.Decrement(ref _waiting);
                }
            }
            finally
            {
                _waiters.TryRemove(new KeyValuePair<string, TaskCompletionSource<Outcome>>(key, waiter));
            }
        }
    }

    /// <summary>A PTTL reply as the time left, or <see langword="null"/> for a key without expiry.</summary>
    internal static TimeSpan? RemainingOf(RedisResult pttl) =>
        long.TryParse((string?)pttl, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long ms) && ms > 0 ? TimeSpan.FromMilliseconds(ms) : null;

    /// <summary>Handles an announcement from <see cref="Channel"/>: <c>v</c> or <c>x</c>, the key's length, <c>:</c>, the key, then the value.</summary>
    public void OnAnnouncement(RedisValue message)
    {
        string text = message.ToString();
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (text.Length < 3 || colon < 2 || !int.TryParse(text.AsSpan(1, colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int length)
            || colon + 1 + length > text.Length)
        {
            return;
        }

        string key = text.Substring(colon + 1, length);
        if (_waiters.TryGetValue(key, out TaskCompletionSource<Outcome>? waiter))
        {
            waiter.TrySetResult(text[0] == 'v' ? new Outcome(true, text[(colon + 1 + length)..]) : new Outcome(false, null));
        }
    }

    private async ValueTask<string> RunAsWinnerAsync(IDatabase db, RedisKey lockKey, RedisKey valueKey, string key, string token,
        Func<CancellationToken, ValueTask<string>> factory, TimeSpan timeToLive, Func<string, bool> keep, CancellationToken cancellationToken)
    {
        using var done = new CancellationTokenSource();
        Task renewing = RenewWhileRunningAsync(db, lockKey, token, done.Token);
        string? value = null;
        try
        {
            value = await factory(cancellationToken);
            return value;
        }
        finally
        {
            await done.CancelAsync();
            await renewing;
            string announcement = string.Create(CultureInfo.InvariantCulture, $"{(value is null ? 'x' : 'v')}{key.Length}:{key}{value}");
            long storeMs = value is not null && keep(value) ? Math.Max(1, (long)timeToLive.TotalMilliseconds) : 0;
            try
            {
                await db.ScriptEvaluateAsync(Complete, [lockKey, valueKey], [token, storeMs, Channel.ToString(), announcement, value ?? ""]);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // The waiters see the lock expire and ask themselves.
                LogFlightFailed(_logger, ex.Message);
            }
        }
    }

    private async Task RenewWhileRunningAsync(IDatabase db, RedisKey lockKey, string token, CancellationToken done)
    {
        TimeSpan every = TimeSpan.FromMilliseconds(_lockTtlMs / 3.0);
        try
        {
            while (true)
            {
                await Task.Delay(every, _time, done);
                if ((long)await db.ScriptEvaluateAsync(Renew, [lockKey], [token, _lockTtlMs]) == 0) return;
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Not renewed: the lock expires and a waiter may ask too; this call still answers its own callers.
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private readonly record struct Outcome(bool HasValue, string? Value);

    [LoggerMessage(LogLevel.Debug, "Cross-process single flight skipped for one cache miss ({Error}); this process asks itself")]
    private static partial void LogFlightFailed(ILogger logger, string error);

    [LoggerMessage(LogLevel.Information, "Waited {Limit} for another process's answer to the same prompt; asking the model here")]
    private static partial void LogWaitedTooLong(ILogger logger, string limit);
}
