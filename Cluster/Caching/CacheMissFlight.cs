using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AndyAI.Cluster.Caching;

/// <summary>
/// Cross-process single flight for a response-cache miss: one process of the bot computes a key's value (asks the
/// model) while the others wait for it. The winner holds a short lock (<c>{prefix}flight:{key}</c>, SET NX PX with an
/// owner token, renewed every third of its TTL while the factory runs) and, when done, in one script stores the
/// value for a lock TTL beside it (<c>…:value</c>, for a waiter that looks after the announcement), deletes its lock
/// and announces the outcome on <c>{prefix}cache:flight</c>. A waiter registers locally before it tries the lock,
/// so it cannot miss that announcement; it still re-checks at most every <see cref="MaxPoll"/> (a lost
/// subscription only slows it down). When the lock expires (the winner died) a waiter takes it and asks itself; it
/// also asks itself after <see cref="ClusterOptions.CacheWaitLimit"/>, when the winner failed, or when Redis fails.
/// </summary>
internal sealed partial class CacheMissFlight
{
    /// <summary>The longest a waiter sleeps between two looks at the lock.</summary>
    internal static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(2);

    // KEYS: lock, value. ARGV: token, ttl ms. {'v', value} = done already; {'w'} = the lock is ours; {'h', pttl} = held.
    private const string Acquire = """
        local v = redis.call('GET', KEYS[2])
        if v then return {'v', v} end
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {'w'} end
        return {'h', tostring(redis.call('PTTL', KEYS[1]))}
        """;

    // KEYS: lock. ARGV: token, ttl ms. 1 while the lock is still ours.
    private const string Renew = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """;

    // KEYS: lock, value. ARGV: token, ttl ms, channel, announcement, value ('' and has = 0 when the factory failed).
    private const string Complete = """
        if ARGV[6] == '1' then redis.call('SET', KEYS[2], ARGV[5], 'PX', ARGV[2]) end
        if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
        redis.call('PUBLISH', ARGV[3], ARGV[4])
        return 1
        """;

    private readonly RedisConnection _redis;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _keyPrefix;
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
        _lockTtlMs = (long)redis.Options.CacheLockTtl.TotalMilliseconds;
        Channel = RedisChannel.Literal(redis.Prefix + "cache:flight");
    }

    /// <summary>Where the outcomes are announced.</summary>
    public RedisChannel Channel { get; }

    /// <summary>How many callers in this process wait for another process's answer now (tests, diagnostics).</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Returns the value another process computes for <paramref name="key"/> now, or computes it here once no other process does.</summary>
    public async ValueTask<string> RunAsync(string key, Func<CancellationToken, ValueTask<string>> factory, CancellationToken cancellationToken)
    {
        long waitUntil = _time.GetTimestamp() + (long)(_redis.Options.CacheWaitLimit.TotalSeconds * _time.TimestampFrequency);
        string token = _redis.OwnerId + "/" + Interlocked.Increment(ref _flights).ToString(CultureInfo.InvariantCulture);
        RedisKey lockKey = _keyPrefix + key;
        RedisKey valueKey = _keyPrefix + key + ":value";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_redis.Database is not { } db) return await factory(cancellationToken);

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
                    return await factory(cancellationToken);
                }

                switch ((string?)reply[0])
                {
                    case "v":
                        return (string)reply[1]!;
                    case "w":
                        return await RunAsWinnerAsync(db, lockKey, valueKey, key, token, factory, cancellationToken);
                }

                TimeSpan left = _time.GetElapsedTime(_time.GetTimestamp(), waitUntil);
                if (left <= TimeSpan.Zero)
                {
                    LogWaitedTooLong(_logger, _redis.Options.CacheWaitLimit);
                    return await factory(cancellationToken);
                }

                long pttl = long.Parse((string)reply[1]!, CultureInfo.InvariantCulture);
                wait = pttl > 0 ? TimeSpan.FromMilliseconds(pttl + 10) : TimeSpan.FromMilliseconds(10);
                wait = Min(Min(wait, MaxPoll), left);
                Interlocked.Increment(ref _waiting);
                try
                {
                    Outcome outcome = await registered.Task.WaitAsync(wait, _time, cancellationToken);
                    if (outcome.HasValue) return outcome.Value!;
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
        Func<CancellationToken, ValueTask<string>> factory, CancellationToken cancellationToken)
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
            try
            {
                await db.ScriptEvaluateAsync(Complete, [lockKey, valueKey],
                    [token, _lockTtlMs, Channel.ToString(), announcement, value ?? "", value is null ? 0 : 1]);
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
    private static partial void LogWaitedTooLong(ILogger logger, TimeSpan limit);
}
