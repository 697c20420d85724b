using AndyAI.Abstractions.Llm;
using AndyAI.Abstractions.RateLimiting;

namespace AndyAI.Services;

/// <summary>
/// The LLM, cache and rate limits as one cog sees them. Disposing purges the cog's cache partition and disposes
/// every rate limiter the cog created.
/// </summary>
public interface ICogServices : IAsyncDisposable
{
    /// <summary>The LLM service; its cached answers go to this cog's cache partition.</summary>
    ILlmService Llm { get; }

    /// <summary>The cog's cache partition.</summary>
    IResponseCache Cache { get; }

    /// <summary>Rate limits; limiters the cog creates are disposed with this object.</summary>
    IRateLimitService RateLimits { get; }
}
