using Microsoft.Extensions.Logging;

namespace AndyAI.Samples.Reminders;

internal static partial class ReminderLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminders are paused: the database is unavailable ({Reason}); retrying every {RetrySeconds} s")]
    public static partial void StoragePaused(ILogger logger, string reason, double retrySeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminders resumed: the database is back")]
    public static partial void StorageResumed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder {Id} could not be posted in channel {ChannelId} (attempt {Attempt}); {Next}")]
    public static partial void PostFailed(ILogger logger, Exception exception, string id, ulong channelId, int attempt, string next);

    [LoggerMessage(Level = LogLevel.Error, Message = "The reminder loop failed; it starts over in {RetrySeconds} s")]
    public static partial void LoopFailed(ILogger logger, Exception exception, double retrySeconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reminder {Id} posted in channel {ChannelId}")]
    public static partial void Posted(ILogger logger, string id, ulong channelId);
}
