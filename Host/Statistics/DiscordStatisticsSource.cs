using AndyAI.Abstractions;
using AndyAI.Discord.Hosting;

namespace AndyAI.Host.Statistics;

/// <summary>The Discord connection's counters under their <see cref="BotStatisticNames"/>.</summary>
internal sealed class DiscordStatisticsSource(DiscordBot bot) : IStatisticsSource
{
    public void AddCountersTo(IDictionary<string, long> counters)
    {
        DiscordBotStatus status = bot.GetStatus();
        counters[BotStatisticNames.MessagesSeen] = status.MessagesSeen;
        counters[BotStatisticNames.MessagesDelivered] = status.MessagesDelivered;
        counters[BotStatisticNames.GatewayDispatches] = status.Dispatches;
        counters[BotStatisticNames.GatewayReconnects] = status.Reconnects;
        counters[BotStatisticNames.GatewayResumes] = status.Resumes;
        counters[BotStatisticNames.DiscordHandlerFailures] = status.HandlerFailures;
        counters[BotStatisticNames.DiscordInvalidRestResponses] = status.InvalidRestResponses;
    }
}
