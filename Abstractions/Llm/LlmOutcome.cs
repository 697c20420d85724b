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
