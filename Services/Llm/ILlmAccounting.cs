namespace AndyAI.Services.Llm;

/// <summary>
/// Where <see cref="LlmService"/> reports the tokens each attributed request used, and asks whether a user or guild
/// is over its daily quota. The host implements it over the database; without one nothing is recorded or limited.
/// </summary>
public interface ILlmAccounting
{
    /// <summary>
    /// When the quota that stops <paramref name="userId"/> (in <paramref name="guildId"/>) resets, or
    /// <see langword="null"/> when the request may go ahead (no quota, under it, an owner, or the count is unknown).
    /// </summary>
    ValueTask<DateTimeOffset?> QuotaExceededUntilAsync(ulong userId, ulong? guildId, CancellationToken cancellationToken);

    /// <summary>Records one provider call's tokens. Returns at once: the write happens in the background.</summary>
    void Record(LlmUsageEntry entry);
}

/// <summary>The tokens of one provider call.</summary>
/// <param name="UserId">Who asked.</param>
/// <param name="GuildId">Where, or <see langword="null"/> for DMs.</param>
/// <param name="Model">The provider's model id.</param>
/// <param name="PromptTokens">Input tokens (the API's <c>usage.prompt_tokens</c>).</param>
/// <param name="CompletionTokens">Output tokens (<c>usage.completion_tokens</c>).</param>
/// <param name="At">When the call ended.</param>
public readonly record struct LlmUsageEntry(ulong UserId, ulong? GuildId, string Model, int PromptTokens, int CompletionTokens, DateTimeOffset At);
