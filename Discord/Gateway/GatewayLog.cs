using Microsoft.Extensions.Logging;

namespace AndyAI.Discord.Gateway;

internal static partial class GatewayLog
{
    [LoggerMessage(LogLevel.Information, "Shard {ShardId}: connecting to {Host} ({Mode})")]
    public static partial void Connecting(ILogger logger, int shardId, string host, string mode);

    [LoggerMessage(LogLevel.Information, "Shard {ShardId}: READY as {Username} ({UserId}), session established")]
    public static partial void Ready(ILogger logger, int shardId, string username, ulong userId);

    [LoggerMessage(LogLevel.Information, "Shard {ShardId}: session resumed at sequence {Sequence}")]
    public static partial void Resumed(ILogger logger, int shardId, int sequence);

    [LoggerMessage(LogLevel.Information, "Shard {ShardId}: Discord asked us to reconnect (op 7); resuming")]
    public static partial void ReconnectRequested(ILogger logger, int shardId);

    [LoggerMessage(LogLevel.Warning, "Shard {ShardId}: invalid session (op 9, resumable: {Resumable})")]
    public static partial void InvalidSession(ILogger logger, int shardId, bool resumable);

    [LoggerMessage(LogLevel.Warning, "Shard {ShardId}: no heartbeat ACK since the previous beat; the connection is zombied, reconnecting")]
    public static partial void Zombie(ILogger logger, int shardId);

    [LoggerMessage(LogLevel.Warning, "Shard {ShardId}: connection ended ({Reason}, close code {CloseCode}); reconnecting in {Delay} ({Mode})")]
    public static partial void Reconnecting(ILogger logger, int shardId, string reason, int closeCode, TimeSpan delay, string mode);

    [LoggerMessage(LogLevel.Warning, "Shard {ShardId}: could not connect")]
    public static partial void ConnectFailed(ILogger logger, int shardId, Exception exception);

    [LoggerMessage(LogLevel.Critical, "Shard {ShardId}: {Message} The Discord client has stopped.")]
    public static partial void Fatal(ILogger logger, int shardId, string message);

    [LoggerMessage(LogLevel.Warning, "Shard {ShardId}: a gateway payload could not be read and was skipped")]
    public static partial void BadPayload(ILogger logger, int shardId, Exception exception);

    [LoggerMessage(LogLevel.Debug, "Shard {ShardId}: heartbeat interval {Interval}")]
    public static partial void Hello(ILogger logger, int shardId, TimeSpan interval);
}
