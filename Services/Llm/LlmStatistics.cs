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

internal sealed class LlmCounters
{
    private readonly long[] _outcomes = new long[Enum.GetValues<LlmOutcome>().Length];
    private long _requests;
    private long _providerCalls;
    private long _retries;
    private long _fromCache;
    private long _inputTokens;
    private long _outputTokens;

    public void Request() => Interlocked.Increment(ref _requests);

    public void ProviderCall(int attempts)
    {
        Interlocked.Increment(ref _providerCalls);
        if (attempts > 1)
        {
            Interlocked.Add(ref _retries, attempts - 1);
        }
    }

    public void Completed(LlmResult result)
    {
        Interlocked.Increment(ref _outcomes[(int)result.Outcome]);
        if (result.FromCache)
        {
            Interlocked.Increment(ref _fromCache);
        }

        if (result.Usage is { } usage && !result.FromCache)
        {
            Interlocked.Add(ref _inputTokens, usage.InputTokens);
            Interlocked.Add(ref _outputTokens, usage.OutputTokens);
        }
    }

    public LlmStatistics Snapshot()
    {
        var outcomes = new Dictionary<LlmOutcome, long>();
        foreach (LlmOutcome outcome in Enum.GetValues<LlmOutcome>())
        {
            outcomes[outcome] = Interlocked.Read(ref _outcomes[(int)outcome]);
        }

        return new LlmStatistics(Interlocked.Read(ref _requests), Interlocked.Read(ref _providerCalls), Interlocked.Read(ref _retries),
            Interlocked.Read(ref _fromCache), Interlocked.Read(ref _inputTokens), Interlocked.Read(ref _outputTokens), outcomes);
    }
}
