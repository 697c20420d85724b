namespace AndyAI.Abstractions.Llm;

/// <summary>
/// The language model. Retries, backoff, timeouts and caching happen inside; every outcome comes back as an
/// <see cref="LlmResult"/>, never as an exception.
/// </summary>
public interface ILlmService
{
    /// <summary>Whether a model is configured and usable (an API key, or a local provider).</summary>
    bool IsConfigured { get; }

    /// <summary>A short description of the provider in use, for startup and <c>!stats</c> (never a key).</summary>
    string ProviderDescription { get; }

    /// <summary>Asks for one complete answer. Served from the response cache when <see cref="LlmRequest.CacheTimeToLive"/> is set.</summary>
    Task<LlmResult> CompleteAsync(LlmRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams the answer as text deltas. The last update always carries <see cref="LlmStreamUpdate.Result"/>;
    /// a failure mid-stream ends the stream with a non-Ok result.
    /// </summary>
    IAsyncEnumerable<LlmStreamUpdate> StreamAsync(LlmRequest request, CancellationToken cancellationToken = default);
}
