using AndyAI.Abstractions.Llm;
using AndyAI.Abstractions.RateLimiting;
using AndyAI.Services.Caching;
using AndyAI.Services.Llm;
using AndyAI.Services.RateLimiting;
using Microsoft.Extensions.Logging;

namespace AndyAI.Services;

/// <summary>One cog's services. Disposing purges its cache partition and disposes the limiters it created.</summary>
internal sealed class CogServices(string cogName, LlmService llm, ResponseCachePartition cache, CogRateLimitService rateLimits, ILogger logger) : ICogServices
{
    private int _disposed;

    public ILlmService Llm => llm;

    public IResponseCache Cache => cache;

    public IRateLimitService RateLimits => rateLimits;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        int limiters = rateLimits.CreatedCount;
        rateLimits.Dispose();
        await cache.PurgeAsync();
        Log.CogServicesDisposed(logger, cogName, limiters);
    }
}
