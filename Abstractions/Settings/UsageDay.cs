namespace AndyAI.Abstractions.Settings;

/// <summary>One day's tokens of a user in one guild with one model.</summary>
/// <param name="Day">The UTC day.</param>
/// <param name="GuildId">The guild, or <see langword="null"/> for DMs.</param>
/// <param name="Model">The provider's model id.</param>
/// <param name="Requests">Calls to the model.</param>
/// <param name="PromptTokens">Input tokens.</param>
/// <param name="CompletionTokens">Output tokens.</param>
public sealed record UsageDay(DateOnly Day, ulong? GuildId, string Model, long Requests, long PromptTokens, long CompletionTokens);
