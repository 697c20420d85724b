using AndyAI.Abstractions.Llm;

namespace AndyAI.Services.Llm;

/// <summary>LLM counters since the host started.</summary>
/// <param name="Requests">Requests made by cogs (cached or not).</param>
/// <param name="ProviderCalls">Calls that reached the provider (each may have made several attempts).</param>
/// <param name="Retries">Attempts beyond the first.</param>
/// <param name="FromCache">Requests answered from the response cache.</param>
/// <param name="InputTokens">Prompt tokens reported by the provider.</param>
/// <param name="OutputTokens">Completion tokens reported by the provider.</param>
/// <param name="Outcomes">Requests by outcome.</param>
public sealed record LlmStatistics(long Requests, long ProviderCalls, long Retries, long FromCache, long InputTokens, long OutputTokens, IReadOnlyDictionary<LlmOutcome, long> Outcomes);
