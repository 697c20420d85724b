namespace AndyAI.Services.Llm;

/// <summary>The tokens of one provider call.</summary>
/// <param name="UserId">Who asked.</param>
/// <param name="GuildId">Where, or <see langword="null"/> for DMs.</param>
/// <param name="Model">The provider's model id.</param>
/// <param name="PromptTokens">Input tokens (the API's <c>usage.prompt_tokens</c>).</param>
/// <param name="CompletionTokens">Output tokens (<c>usage.completion_tokens</c>).</param>
/// <param name="At">When the call ended.</param>
public readonly record struct LlmUsageEntry(ulong UserId, ulong? GuildId, string Model, int PromptTokens, int CompletionTokens, DateTimeOffset At);
