using Microsoft.Extensions.Logging;

namespace AndyAI.Samples.Relay;

internal static partial class RelayLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} could not be relayed from channel {From} to {To}")]
    public static partial void NotRelayed(ILogger logger, Exception exception, ulong messageId, ulong from, ulong to);
}
