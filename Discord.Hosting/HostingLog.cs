using Microsoft.Extensions.Logging;

namespace AndyAI.Discord.Hosting;

internal static partial class HostingLog
{
    [LoggerMessage(LogLevel.Error, "A message handler ({Interest}) threw on message {MessageId}")]
    public static partial void HandlerFailed(ILogger logger, string interest, ulong messageId, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Message subscriber {Subscriber} ({Interest}) is more than {Capacity} messages behind: dropped the oldest {Dropped} queued message(s) ({Total} in all) so the other subscribers are not held up")]
    public static partial void SubscriberOverflow(ILogger logger, string subscriber, string interest, int capacity, long dropped, long total);

    [LoggerMessage(LogLevel.Warning, "Renewing the typing indicator in channel {ChannelId} failed")]
    public static partial void TypingFailed(ILogger logger, ulong channelId, Exception exception);

    [LoggerMessage(LogLevel.Error, "Dispatching a gateway event ({Kind}, message {MessageId}) failed; the event is skipped")]
    public static partial void DispatchFailed(ILogger logger, string kind, ulong messageId, Exception exception);

    [LoggerMessage(LogLevel.Critical, "The Discord client stopped: {Message}")]
    public static partial void Fatal(ILogger logger, string message);

    [LoggerMessage(LogLevel.Information, "Discord bot ready as {Username} ({UserId}) on {Guilds} guild(s)")]
    public static partial void Ready(ILogger logger, string username, ulong userId, int guilds);
}
