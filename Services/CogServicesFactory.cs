using AndyAI.Services.Caching;
using AndyAI.Services.Llm;
using AndyAI.Services.RateLimiting;
using Microsoft.Extensions.Logging;

namespace AndyAI.Services;

internal sealed class CogServicesFactory(LlmBackend llm, ResponseCacheStore cache, RateLimitService rateLimits, ILogger<CogServicesFactory> logger) : ICogServicesFactory
{
    public ICogServices Create(string cogName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cogName);
        var partition = new ResponseCachePartition(cache, cogName);
        return new CogServices(cogName, new LlmService(llm, partition), partition, new CogRateLimitService(rateLimits, cogName), logger);
    }
}
