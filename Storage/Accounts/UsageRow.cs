namespace AndyAI.Storage.Accounts;

/// <summary>One day's tokens of a user in a guild (<see langword="null"/>: DMs) with one model. <paramref name="Day"/> counts days since 1970-01-01 UTC.</summary>
internal sealed record UsageRow(long Day, ulong UserId, ulong? GuildId, string Model, long Requests, long PromptTokens, long CompletionTokens);
