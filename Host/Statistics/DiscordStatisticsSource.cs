using AndyAI.Discord.Hosting;

namespace AndyAI.Host.Statistics;

/// <summary>The Discord connection's counters under the names <c>!stats</c> reads (<c>messages.seen</c>, …).</summary>
internal sealed class DiscordStatisticsSource(DiscordBot bot) : IStatisticsSource
{
    public void AddCountersTo(IDictionary<string, long> counters)
    {
        DiscordBotStatus status = bot.GetStatus();
        counters["messages.seen"] = status.MessagesSeen;
        counters["messages.delivered"] = status.MessagesDelivered;
        counters["gateway.dispatches"] = status.Dispatches;
        counters["gateway.reconnects"] = status.Reconnects;
        counters["gateway.resumes"] = status.Resumes;
        counters["discord.handler_failures"] = status.HandlerFailures;
        counters["discord.invalid_rest_responses"] = status.InvalidRestResponses;
    }
}
