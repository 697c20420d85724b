namespace AndyAI.Cogs.MessageHandler;

/// <summary>The export file: ids as strings (JavaScript cannot hold a snowflake in a number).</summary>
internal sealed record MyDataExport(string UserId, DateTimeOffset ExportedAt, IReadOnlyList<ExportedTurn> ConversationTurns, ExportedSettings Settings,
    IReadOnlyList<ExportedUsage> TokenUsage);
