namespace AndyAI.Abstractions.Llm;

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
