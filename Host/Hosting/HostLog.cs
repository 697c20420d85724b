using AndyAI.Host.Configuration;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Hosting;

internal static partial class HostLog
{
    [LoggerMessage(LogLevel.Information, "AndyAI starting in {Mode} mode (content root {ContentRoot}, log file {LogFile})")]
    public static partial void Starting(ILogger logger, BotMode mode, string contentRoot, string logFile);

    [LoggerMessage(LogLevel.Warning, "DASHBOARD_TOKEN is set but HTTP_ADDRESS is off; ignored (it guards only the HTTP listener)")]
    public static partial void DashboardTokenIgnored(ILogger logger);

    [LoggerMessage(LogLevel.Debug, "{Dump}")]
    public static partial void ConfigurationDump(ILogger logger, string dump);

    [LoggerMessage(LogLevel.Critical, "Invalid configuration ({Options}): {Failures}")]
    public static partial void InvalidOptions(ILogger logger, string options, string failures);

    [LoggerMessage(LogLevel.Information, "Stopped while starting: a stop (SIGTERM, Ctrl+C) was requested before the start finished")]
    public static partial void StoppedWhileStarting(ILogger logger);

    [LoggerMessage(LogLevel.Critical, "The host stopped because of an unexpected error")]
    public static partial void Crashed(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Error, "Releasing the host's services after it stopped failed")]
    public static partial void DisposeFailed(ILogger logger, Exception exception);
}
