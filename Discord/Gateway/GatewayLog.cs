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

    // The level is the caller's: Warning for a connection that broke, Information when Discord asked for it (op 7).
    [LoggerMessage("Shard {ShardId}: connection ended ({Reason}, close code {CloseCode}); reconnecting in {Delay} ({Mode})")]
    public static partial void Reconnecting(ILogger logger, LogLevel level, int shardId, string reason, int closeCode, string delay, string mode);

    [LoggerMessage(LogLevel.Warning, "Shard {ShardId}: connection failed ({ErrorType}: {Error}); reconnecting in {Delay} ({Mode})")]
    public static partial void ConnectionFailed(ILogger logger, int shardId, string errorType, string error, string delay, string mode);

    // The stack trace, for whoever debugs a peer that keeps sending what we cannot read; the Warning above is the story.
    [LoggerMessage(LogLevel.Debug, "Shard {ShardId}: connection failure details")]
    public static partial void ConnectionFailedDetail(ILogger logger, int shardId, Exception exception);

    // Debug: DiscordBot logs the one Critical line with what to fix, for the whole client.
    [LoggerMessage(LogLevel.Debug, "Shard {ShardId}: fatal close code {CloseCode}; the shard has stopped")]
    public static partial void Fatal(ILogger logger, int shardId, int closeCode);

    [LoggerMessage(LogLevel.Debug, "Shard {ShardId}: {EventName} had an optional value we could not read ({Skipped}); read as empty")]
    public static partial void LenientField(ILogger logger, int shardId, string eventName, string skipped);

    [LoggerMessage(LogLevel.Debug, "Shard {ShardId}: heartbeat interval {Interval}")]
    public static partial void Hello(ILogger logger, int shardId, string interval);

    [LoggerMessage(LogLevel.Warning, "Shard {ShardId}: an INTERACTION_CREATE could not be read ({Error}); it is skipped")]
    public static partial void UnreadableInteraction(ILogger logger, int shardId, string error);
}
