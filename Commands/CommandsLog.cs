using Microsoft.Extensions.Logging;

namespace AndyAI.Commands;

internal static partial class CommandsLog
{
    [LoggerMessage(LogLevel.Debug, "Command {Command} ({Owner}) invoked by user {UserId} in channel {ChannelId}")]
    public static partial void Invoked(ILogger logger, string command, string owner, ulong userId, ulong channelId);

    [LoggerMessage(LogLevel.Warning, "User {UserId} ({Username}) was denied owner-only command {Command} in channel {ChannelId}")]
    public static partial void OwnerOnlyDenied(ILogger logger, ulong userId, string username, string command, ulong channelId);

    [LoggerMessage(LogLevel.Error, "Command {Command} of {Owner} failed for user {UserId}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string command, string owner, ulong userId);

    [LoggerMessage(LogLevel.Error, "Command {Command} of {Owner} for user {UserId} did not finish within {Timeout}; it was cancelled and its slot freed")]
    public static partial void TimedOut(ILogger logger, string command, string owner, ulong userId, string timeout);

    [LoggerMessage(LogLevel.Debug, "Command {Command} was cancelled")]
    public static partial void Cancelled(ILogger logger, string command);

    [LoggerMessage(LogLevel.Debug, "Command {Command}: bad arguments from user {UserId}")]
    public static partial void BadArguments(ILogger logger, string command, ulong userId);

    [LoggerMessage(LogLevel.Debug, "Command {Command} is on cooldown for user {UserId} for {RetryAfter}")]
    public static partial void OnCooldown(ILogger logger, string command, ulong userId, string retryAfter);

    [LoggerMessage(LogLevel.Warning, "Could not reply in channel {ChannelId} to message {MessageId}")]
    public static partial void ReplyFailed(ILogger logger, Exception exception, ulong channelId, ulong messageId);

    [LoggerMessage(LogLevel.Error, "Could not decide whether user {UserId} is an owner; treating them as not an owner")]
    public static partial void OwnerCheckFailed(ILogger logger, Exception exception, ulong userId);

    [LoggerMessage(LogLevel.Debug, "Command {Command} of cog {Cog} ignored: the cog is turned off in guild {GuildId}")]
    public static partial void CogDisabledInGuild(ILogger logger, string command, string cog, ulong guildId);
}
