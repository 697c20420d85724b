using System.Globalization;
using AndyAI.Abstractions.RateLimiting;
using AndyAI.Services.RateLimiting;
using StackExchange.Redis;

namespace AndyAI.Cluster.RateLimiting;

/// <summary>
/// Token buckets in Redis, one hash per bucket (tokens, last refill), refilled and spent by one atomic Lua script
/// on Redis's own clock, with the same arithmetic as the local <see cref="KeyedTokenBucketLimiter"/>: whole periods,
/// a full bucket restarts its clock, a denial says how long until enough tokens are back. A bucket expires once it
/// would be full again. While Redis is away (or slower than the sync timeout) it answers <see langword="null"/> and
/// the process decides with its local buckets.
/// </summary>
internal sealed class RedisTokenBuckets(RedisConnection redis) : ISharedTokenBuckets
{
    private const string Script = """
        local capacity = tonumber(ARGV[1])
        local refill = tonumber(ARGV[2])
        local period = tonumber(ARGV[3])
        local permits = tonumber(ARGV[4])
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
        local tokens = tonumber(b[1])
        local ts = tonumber(b[2])
        if tokens == nil or ts == nil then
          tokens = capacity
          ts = now
        end
        local elapsed = now - ts
        if elapsed >= period then
          local periods = math.floor(elapsed / period)
          if tokens + periods * refill >= capacity then
            tokens = capacity
            ts = now
          else
            tokens = tokens + periods * refill
            ts = ts + periods * period
          end
        end
        local allowed = 0
        local wait = 0
        if tokens >= permits then
          tokens = tokens - permits
          allowed = 1
        else
          local periodsNeeded = math.ceil((permits - tokens) / refill)
          wait = math.max(0, periodsNeeded * period - (now - ts))
        end
        redis.call('HSET', KEYS[1], 'tokens', tokens, 'ts', ts)
        redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / refill) * period + period)
        return {allowed, wait}
        """;

    public RateLimitDecision? TryAcquire(string scope, ulong key, RateLimitPolicy policy, int permits)
    {
        if (redis.Database is not { } db) return null;
        long periodMs = Math.Max(1, (long)policy.Period.TotalMilliseconds);
        try
        {
            var result = (RedisResult[])db.ScriptEvaluate(Script,
                [string.Create(CultureInfo.InvariantCulture, $"{redis.Prefix}rl:{scope}:{key}")],
                [policy.Capacity, policy.TokensPerPeriod, periodMs, permits])!;
            return (int)result[0] == 1 ? RateLimitDecision.Allowed : new RateLimitDecision(false, TimeSpan.FromMilliseconds((long)result[1]));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return null;
        }
    }
}
