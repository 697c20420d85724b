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

    /// <summary>
    /// The configured models a user may choose from (the default first), for a model picker. Added in contract 1.3;
    /// implementations built against 1.2 inherit this default, which lists none.
    /// </summary>
    IReadOnlyList<LlmModelInfo> Models => [];

    /// <summary>Asks for one complete answer. Served from the response cache when <see cref="LlmRequest.CacheTimeToLive"/> is set.</summary>
    Task<LlmResult> CompleteAsync(LlmRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Looks up the answer an identical request (model, system prompt, conversation) left in the response cache
    /// (see <see cref="LlmRequest.CacheTimeToLive"/>), without calling the model or writing anything, so a caller
    /// can answer a hit before it starts slow work such as a typing indicator. A miss, a request that could not be
    /// served, or a cache that fails all return <see langword="null"/>: then call <see cref="CompleteAsync"/> or
    /// <see cref="StreamAsync"/> as usual.
    /// </summary>
    /// <returns>The cached answer (<see cref="LlmResult.FromCache"/> set), or <see langword="null"/>.</returns>
    /// <remarks>Added in contract 1.1; implementations built against 1.0 inherit this default, which always misses.</remarks>
    ValueTask<LlmResult?> TryGetCachedAsync(LlmRequest request, CancellationToken cancellationToken = default) => ValueTask.FromResult<LlmResult?>(null);

    /// <summary>
    /// When the daily token quota that stops <paramref name="userId"/> (in <paramref name="guildId"/>) resets, or
    /// <see langword="null"/> when a request for them may go ahead (no quota, under it, an owner, or the count is
    /// unknown). <see cref="CompleteAsync"/> and <see cref="StreamAsync"/> check the same quota and answer
    /// <see cref="LlmOutcome.QuotaExceeded"/>; ask first when the refusal should be shown differently from an answer,
    /// such as privately before a public "thinking…".
    /// </summary>
    /// <remarks>Added in contract 1.6; implementations built against 1.5 inherit this default, which stops nobody.</remarks>
    ValueTask<DateTimeOffset?> QuotaExceededUntilAsync(ulong userId, ulong? guildId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<DateTimeOffset?>(null);

    /// <summary>
    /// Streams the answer as text deltas. The last update always carries <see cref="LlmStreamUpdate.Result"/>;
    /// a failure mid-stream ends the stream with a non-Ok result.
    /// </summary>
    IAsyncEnumerable<LlmStreamUpdate> StreamAsync(LlmRequest request, CancellationToken cancellationToken = default);
}
