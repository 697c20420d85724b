using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Settings;

internal static partial class SettingsLog
{
    // Debug: the storage service already says, once, that the database is down.
    [LoggerMessage(LogLevel.Debug, "Could not re-read the guild settings ({Reason}); the last known ones stay in force")]
    public static partial void RefreshFailed(ILogger logger, string reason);

    [LoggerMessage(LogLevel.Warning, "The stored {Kind} of {Id} is not readable ({Reason}); the defaults apply")]
    public static partial void UnreadableSettings(ILogger logger, string kind, ulong id, string reason);

    [LoggerMessage(LogLevel.Information, "User {UserId} changed {Scope} setting {Key} (guild {GuildId})")]
    public static partial void Changed(ILogger logger, ulong userId, string scope, string key, ulong? guildId);

    [LoggerMessage(LogLevel.Information, "User {UserId} may not change the settings of guild {GuildId}")]
    public static partial void ChangeRefused(ILogger logger, ulong userId, ulong guildId);

    // Debug: the storage service already says, once, that the database is down.
    [LoggerMessage(LogLevel.Debug, "Token usage waits for the database ({Reason}); retrying every {Delay}")]
    public static partial void UsageWriteFailed(ILogger logger, string reason, string delay);

    [LoggerMessage(LogLevel.Warning, "Dropped the usage of {Count} model call(s) at shutdown: the database did not take them in time")]
    public static partial void UsageDropped(ILogger logger, int count);
}
