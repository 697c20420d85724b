using AndyAI.Abstractions.Llm;

namespace AndyAI.Services.Llm;

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
