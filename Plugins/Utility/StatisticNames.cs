namespace AndyAI.Cogs.Utility;

/// <summary>
/// The <see cref="Abstractions.IBotStatistics"/> names <c>!stats</c> reads. Other parts of the bot write them:
/// the host counts messages, MessageHandler counts answers and records LLM latency, the command framework counts commands.
/// </summary>
internal static class StatisticNames
{
    public const string MessagesSeen = "messages.seen";
    public const string MentionsAnswered = "mentions.answered";
    public const string MentionsFailed = "mentions.failed";
    public const string RateLimitDenied = "ratelimit.denied";
    public const string CommandsInvoked = "commands.invoked";
    public const string LlmLatency = "llm.latency";
}
