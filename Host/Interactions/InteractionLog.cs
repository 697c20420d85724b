using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Interactions;

/// <summary>The interaction area's log lines: routing, handler failures, the command sync.</summary>
internal static partial class InteractionLog
{
    [LoggerMessage(LogLevel.Error, "{Owner}: {What} failed")]
    public static partial void HandlerFailed(ILogger logger, string owner, string what, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Could not answer {What}")]
    public static partial void AnswerFailed(ILogger logger, string what, Exception exception);

    [LoggerMessage(LogLevel.Warning, "User {UserId} ({Username}) was denied owner-only command {Command} in channel {ChannelId}")]
    public static partial void OwnerOnlyRefused(ILogger logger, ulong userId, string username, string command, ulong? channelId);

    [LoggerMessage(LogLevel.Debug, "{What} took over {Delay}: deferred for it")]
    public static partial void AutoDeferred(ILogger logger, string what, string delay);

    [LoggerMessage(LogLevel.Debug, "No handler for {Kind} '{CustomId}' (expired or unknown)")]
    public static partial void NoHandler(ILogger logger, string kind, string? customId);

    [LoggerMessage(LogLevel.Warning, "Autocomplete for /{Command} {Option} failed")]
    public static partial void AutocompleteFailed(ILogger logger, string command, string option, Exception exception);

    [LoggerMessage(LogLevel.Information, "Slash commands synced to {Target}: {Count} command(s) ({Names})")]
    public static partial void Synced(ILogger logger, string target, int count, string names);

    [LoggerMessage(LogLevel.Debug, "Slash commands in {Target} are up to date ({Count})")]
    public static partial void SyncUnchanged(ILogger logger, string target, int count);

    [LoggerMessage(LogLevel.Warning, "Slash command sync to {Target} failed; retrying in {Delay}")]
    public static partial void SyncFailed(ILogger logger, string target, string delay, Exception exception);

    [LoggerMessage(LogLevel.Error, "{Owner}'s handler for {What} did not finish within {Timeout}; abandoned (its thread may still be blocked) and the user told")]
    public static partial void HandlerTimedOut(ILogger logger, string owner, string what, string timeout);
}
