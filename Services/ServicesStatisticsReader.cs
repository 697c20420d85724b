using AndyAI.Services.Caching;
using AndyAI.Services.Llm;
using AndyAI.Services.RateLimiting;

namespace AndyAI.Services;

internal sealed class ServicesStatisticsReader(LlmBackend llm, ResponseCacheStore cache, RateLimitService rateLimits) : IServicesStatistics
{
    public ServicesStatistics Snapshot()
    {
        KeyedTokenBucketLimiter users = rateLimits.PerUserLimiter;
        KeyedTokenBucketLimiter guilds = rateLimits.PerGuildLimiter;
        return new ServicesStatistics(
            llm.Counters.Snapshot(),
            cache.GetStatistics(),
            new RateLimitStatistics(users.Allowed + guilds.Allowed, users.Denied + guilds.Denied, users.TrackedKeys, guilds.TrackedKeys,
                llm.Concurrency.GetStatistics()?.CurrentAvailablePermits ?? 0));
    }
}
