using AndyAI.Abstractions.Llm;
using AndyAI.Services.Llm;

namespace AndyAI.Services;

/// <summary>Counters of the LLM, the response cache and the rate limits, for the host's <c>!stats</c> and logs.</summary>
public interface IServicesStatistics
{
    /// <summary>A copy of every counter now.</summary>
    ServicesStatistics Snapshot();
}

/// <summary>The services' counters at one moment.</summary>
/// <param name="Llm">LLM requests, provider calls, retries, tokens and outcomes.</param>
/// <param name="Cache">Response cache hits, misses, entries, bytes and evictions (all cogs).</param>
/// <param name="RateLimits">Rate-limit decisions and tracked keys.</param>
public sealed record ServicesStatistics(LlmStatistics Llm, ResponseCacheStatistics Cache, RateLimitStatistics RateLimits);

/// <summary>Rate-limit counters since the host started (the host's per-user and per-guild buckets).</summary>
/// <param name="Allowed">Checks that were allowed.</param>
/// <param name="Denied">Checks that were denied.</param>
/// <param name="TrackedUsers">Per-user buckets held now (idle ones are dropped).</param>
/// <param name="TrackedGuilds">Per-guild buckets held now.</param>
/// <param name="LlmCallsAvailable">Free slots of the concurrent-LLM-call cap now.</param>
public sealed record RateLimitStatistics(long Allowed, long Denied, int TrackedUsers, int TrackedGuilds, long LlmCallsAvailable);
