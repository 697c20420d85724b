namespace AndyAI.Cogs.MessageHandler;

/// <summary>One day's tokens in one guild (null: DMs) with one model.</summary>
internal sealed record ExportedUsage(DateOnly Day, string? GuildId, string Model, long Requests, long PromptTokens, long CompletionTokens);
