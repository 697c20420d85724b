using Microsoft.Extensions.Logging;

namespace AndyAI.Emulator.Gateway;

internal static partial class GatewayLog
{
    [LoggerMessage(LogLevel.Debug, "Gateway connection {ConnectionId} opened (compress: {Compress})")]
    public static partial void Opened(ILogger logger, long connectionId, bool compress);

    [LoggerMessage(LogLevel.Debug, "Gateway connection {ConnectionId} ended (client close {ClientCode}, server close {ServerCode})")]
    public static partial void Ended(ILogger logger, long connectionId, int clientCode, int serverCode);

    [LoggerMessage(LogLevel.Information, "Session {SessionId} identified on connection {ConnectionId} (shard {ShardId}/{ShardCount}, intents {Intents})")]
    public static partial void Identified(ILogger logger, string sessionId, long connectionId, int shardId, int shardCount, int intents);

    [LoggerMessage(LogLevel.Information, "Session {SessionId} resumed on connection {ConnectionId} from seq {Sequence}")]
    public static partial void Resumed(ILogger logger, string sessionId, long connectionId, long sequence);

    [LoggerMessage(LogLevel.Information, "Gateway connection {ConnectionId} rejected: close {Code} ({Reason})")]
    public static partial void Rejected(ILogger logger, long connectionId, int code, string reason);

    [LoggerMessage(LogLevel.Debug, "Gateway connection {ConnectionId} send failed: {Error}")]
    public static partial void SendFailed(ILogger logger, long connectionId, string error);
}
