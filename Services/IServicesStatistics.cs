namespace AndyAI.Services;

/// <summary>Counters of the LLM, the response cache and the rate limits, for the host's <c>!stats</c> and logs.</summary>
public interface IServicesStatistics
{
    /// <summary>A copy of every counter now.</summary>
    ServicesStatistics Snapshot();
}
