using Microsoft.Extensions.Logging;

namespace AndyAI.Discord.Hosting;

internal static partial class HostingLog
{
    [LoggerMessage(LogLevel.Error, "Subscriber {Subscriber} ({Kind}) threw on {Id}")]
    public static partial void HandlerFailed(ILogger logger, string subscriber, string kind, ulong id, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Subscriber {Subscriber} ({Kind}) is more than {Capacity} events behind: dropped the oldest {Dropped} queued event(s) ({Total} in all) so the other subscribers are not held up")]
    public static partial void SubscriberOverflow(ILogger logger, string subscriber, string kind, int capacity, long dropped, long total);

    [LoggerMessage(LogLevel.Warning, "Renewing the typing indicator in channel {ChannelId} failed")]
    public static partial void TypingFailed(ILogger logger, ulong channelId, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Renewing the typing indicator in channel {ChannelId} failed: Discord answered {HttpStatus} (code {Code}): {DiscordMessage}")]
    public static partial void TypingRefused(ILogger logger, ulong channelId, int httpStatus, int code, string discordMessage);

    [LoggerMessage(LogLevel.Error, "Dispatching a gateway event ({Kind}, message {MessageId}) failed; the event is skipped")]
    public static partial void DispatchFailed(ILogger logger, string kind, ulong messageId, Exception exception);

    [LoggerMessage(LogLevel.Critical, "The Discord client stopped: {Message}")]
    public static partial void Fatal(ILogger logger, string message);

    [LoggerMessage(LogLevel.Information, "Discord bot ready as {Username} ({UserId}) on {Guilds} guild(s)")]
    public static partial void Ready(ILogger logger, string username, ulong userId, int guilds);
}
