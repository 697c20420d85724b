namespace AndyAI.Services;

/// <summary>Rate-limit counters since the host started (the host's per-user and per-guild buckets).</summary>
/// <param name="Allowed">Checks that were allowed.</param>
/// <param name="Denied">Checks that were denied.</param>
/// <param name="TrackedUsers">Per-user buckets held now (idle ones are dropped).</param>
/// <param name="TrackedGuilds">Per-guild buckets held now.</param>
/// <param name="LlmCallsAvailable">Free slots of the concurrent-LLM-call cap now.</param>
public sealed record RateLimitStatistics(long Allowed, long Denied, int TrackedUsers, int TrackedGuilds, long LlmCallsAvailable);
