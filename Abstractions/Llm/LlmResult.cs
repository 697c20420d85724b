namespace AndyAI.Abstractions.Llm;

/// <summary>How a request to the model ended.</summary>
public enum LlmOutcome
{
    /// <summary>An answer arrived.</summary>
    Ok,

    /// <summary>The provider refused the credentials (401/403), or none are configured. Not retried.</summary>
    Unauthorized,

    /// <summary>The provider kept answering 429 after the retries.</summary>
    RateLimited,

    /// <summary>No answer within the configured timeout, after the retries.</summary>
    Timeout,

    /// <summary>The provider failed (5xx, connection refused, a cut stream) after the retries.</summary>
    Unavailable,

    /// <summary>The provider rejected the request as malformed (400/404/422): a configuration problem.</summary>
    BadRequest,

    /// <summary>The caller cancelled.</summary>
    Cancelled,

    /// <summary>
    /// The user (or the guild) used up its daily token quota; <see cref="LlmResult.QuotaResetsAt"/> says when it
    /// resets. The model was not called. Added in contract 1.3.
    /// </summary>
    QuotaExceeded,
}

/// <summary>The outcome of a request to the model.</summary>
public sealed record LlmResult
{
    /// <summary>How it ended.</summary>
    public required LlmOutcome Outcome { get; init; }

    /// <summary>The answer when <see cref="Outcome"/> is <see cref="LlmOutcome.Ok"/>; otherwise empty.</summary>
    public string Text { get; init; } = "";

    /// <summary>Tokens used, when the provider reported them.</summary>
    public LlmUsage? Usage { get; init; }

    /// <summary>Whether the answer came from the response cache.</summary>
    public bool FromCache { get; init; }

    /// <summary>
    /// The model stopped at its output length limit (<c>finish_reason: "length"</c>): <see cref="Text"/> is usable
    /// but unfinished, and asking the model to continue makes sense. Such answers are never cached. Added in contract 1.2.
    /// </summary>
    public bool Truncated { get; init; }

    /// <summary>For <see cref="LlmOutcome.RateLimited"/>, how long the provider asked to wait, if it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Attempts made (1 when the first succeeded, 0 when served from cache).</summary>
    public int Attempts { get; init; }

    /// <summary>
    /// Details for logs (status, exception type and message). Never shown to users: it may name hosts or
    /// internal types. Never contains an API key.
    /// </summary>
    public string? Detail { get; init; }

    /// <summary>The configured name of the model that answered (<c>default</c> for the default model), or <see langword="null"/> when none did. Added in contract 1.3.</summary>
    public string? Model { get; init; }

    /// <summary>
    /// The answer came from the fallback model (<c>Llm:FallbackModel</c>) because the chosen one failed after its
    /// retries; tell the user. Added in contract 1.3.
    /// </summary>
    public bool FromFallback { get; init; }

    /// <summary>For <see cref="LlmOutcome.QuotaExceeded"/>: when the quota resets (the next midnight UTC). Added in contract 1.3.</summary>
    public DateTimeOffset? QuotaResetsAt { get; init; }

    /// <summary>Whether <see cref="Outcome"/> is <see cref="LlmOutcome.Ok"/>.</summary>
    public bool IsOk => Outcome == LlmOutcome.Ok;
}

/// <summary>Token counts reported by the provider.</summary>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Completion tokens.</param>
public sealed record LlmUsage(int InputTokens, int OutputTokens);

/// <summary>One step of a streamed answer: a text delta, or (last) the final result.</summary>
/// <param name="Delta">New text; empty on the final update.</param>
/// <param name="Result">Set on the last update only. Its <see cref="LlmResult.Text"/> is the whole answer when Ok.</param>
public sealed record LlmStreamUpdate(string Delta, LlmResult? Result = null);
