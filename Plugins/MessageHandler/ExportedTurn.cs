namespace AndyAI.Cogs.MessageHandler;

/// <summary>One question the user asked and the bot's answer.</summary>
internal sealed record ExportedTurn(
    string? GuildId, string ChannelId, string QuestionMessageId, DateTimeOffset At, string Question, string Answer, string? Model, int PromptTokens, int CompletionTokens);
