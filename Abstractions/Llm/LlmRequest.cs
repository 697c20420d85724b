namespace AndyAI.Abstractions.Llm;

/// <summary>A conversation to complete.</summary>
/// <param name="Messages">The turns, oldest first; the last is normally the user's.</param>
public sealed record LlmRequest(IReadOnlyList<ChatTurn> Messages)
{
    /// <summary>A configured model name; <see langword="null"/> for the default model.</summary>
    public string? Model { get; init; }

    /// <summary>Overrides the configured system prompt.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>Overrides the configured sampling temperature.</summary>
    public float? Temperature { get; init; }

    /// <summary>Overrides the configured output token limit.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>
    /// When set, an identical request (model, system prompt, conversation) within this time is answered from
    /// the response cache, and concurrent identical requests share one call (streamed or not). Only successful, non-blank answers are cached.
    /// </summary>
    public TimeSpan? CacheTimeToLive { get; init; }

    /// <summary>
    /// The user the answer is for: the tokens it uses are recorded for them, and their daily quota applies (over it,
    /// the result is <see cref="LlmOutcome.QuotaExceeded"/>). <see langword="null"/> for work nobody asked for.
    /// Added in contract 1.3.
    /// </summary>
    public ulong? UserId { get; init; }

    /// <summary>The server the request comes from (usage and the guild's daily quota), or <see langword="null"/> for DMs. Added in contract 1.3.</summary>
    public ulong? GuildId { get; init; }
}
