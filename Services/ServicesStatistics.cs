using AndyAI.Abstractions.Llm;
using AndyAI.Services.Llm;

namespace AndyAI.Services;

/// <summary>The services' counters at one moment.</summary>
/// <param name="Llm">LLM requests, provider calls, retries, tokens and outcomes.</param>
/// <param name="Cache">Response cache hits, misses, entries, bytes and evictions (all cogs).</param>
/// <param name="RateLimits">Rate-limit decisions and tracked keys.</param>
public sealed record ServicesStatistics(LlmStatistics Llm, ResponseCacheStatistics Cache, RateLimitStatistics RateLimits);
