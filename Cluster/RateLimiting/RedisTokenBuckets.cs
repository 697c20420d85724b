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
/// the process decides with its local buckets. The user-then-guild check of an answer takes both buckets in one
/// script call, so it costs one round trip.
/// </summary>
internal sealed class RedisTokenBuckets(RedisConnection redis) : ISharedTokenBuckets
{
    // KEYS: one bucket per take. ARGV: capacity, refill, period ms, permits per take. Takes in order and stops at the
    // first denial (the buckets after it are not touched). Returns {allowed, wait ms} per take asked.
    private const string Script = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local out = {}
        for i = 1, #KEYS do
          local capacity = tonumber(ARGV[i * 4 - 3])
          local refill = tonumber(ARGV[i * 4 - 2])
          local period = tonumber(ARGV[i * 4 - 1])
          local permits = tonumber(ARGV[i * 4])
          local b = redis.call('HMGET', KEYS[i], 'tokens', 'ts')
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
          redis.call('HSET', KEYS[i], 'tokens', tokens, 'ts', ts)
          redis.call('PEXPIRE', KEYS[i], math.ceil(capacity / refill) * period + period)
          out[#out + 1] = allowed
          out[#out + 1] = wait
          if allowed == 0 then return out end
        end
        return out
        """;

    public RateLimitDecision? TryAcquire(string scope, ulong key, RateLimitPolicy policy, int permits)
    {
        if (redis.Database is not { } db) return null;
        try
        {
            var reply = (RedisResult[])db.ScriptEvaluate(Script, [Key(scope, key)], Arguments(policy, permits))!;
            return Decision(reply, 0);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return null;
        }
    }

    public async ValueTask<RateLimitDecisions?> TryAcquireAsync(SharedBucketTake first, SharedBucketTake? second, CancellationToken cancellationToken)
    {
        if (redis.Database is not { } db) return null;
        RedisKey[] keys = second is { } next ? [Key(first.Scope, first.Key), Key(next.Scope, next.Key)] : [Key(first.Scope, first.Key)];
        RedisValue[] args = second is { } then ? [.. Arguments(first.Policy, first.Permits), .. Arguments(then.Policy, then.Permits)] : Arguments(first.Policy, first.Permits);
        try
        {
            var reply = (RedisResult[])(await db.ScriptEvaluateAsync(Script, keys, args).WaitAsync(cancellationToken))!;
            RateLimitDecision taken = Decision(reply, 0);
            return new RateLimitDecisions(taken, reply.Length >= 4 ? Decision(reply, 2) : RateLimitDecision.Allowed);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return null;
        }
    }

    private RedisKey Key(string scope, ulong key) => string.Create(CultureInfo.InvariantCulture, $"{redis.Prefix}rl:{scope}:{key}");

    private static RedisValue[] Arguments(RateLimitPolicy policy, int permits) =>
        [policy.Capacity, policy.TokensPerPeriod, Math.Max(1, (long)policy.Period.TotalMilliseconds), permits];

    private static RateLimitDecision Decision(RedisResult[] reply, int at) =>
        (int)reply[at] == 1 ? RateLimitDecision.Allowed : new RateLimitDecision(false, TimeSpan.FromMilliseconds((long)reply[at + 1]));
}
