using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Cogs;

internal static partial class CogsLog
{
    [LoggerMessage(LogLevel.Error, "Cog {Cog}: a message handler threw; the cog keeps running")]
    public static partial void HandlerFailed(ILogger logger, string cog, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Cog {Cog}: stopping a typing indicator at unload failed")]
    public static partial void TypingDisposeFailed(ILogger logger, string cog, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Cog {Cog}: releasing its services at unload failed")]
    public static partial void ServicesDisposeFailed(ILogger logger, string cog, Exception exception);

    [LoggerMessage(LogLevel.Debug, "Cog {Cog}: live ({Registrations})")]
    public static partial void Activated(ILogger logger, string cog, string registrations);

    [LoggerMessage(LogLevel.Debug, "Cog {Cog}: context released ({Registrations} removed)")]
    public static partial void Released(ILogger logger, string cog, string registrations);
}
