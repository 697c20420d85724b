using AndyAI.Host.Configuration;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Hosting;

internal static partial class HostLog
{
    [LoggerMessage(LogLevel.Information, "AndyAI starting in {Mode} mode (content root {ContentRoot}, log file {LogFile})")]
    public static partial void Starting(ILogger logger, BotMode mode, string contentRoot, string logFile);

    [LoggerMessage(LogLevel.Debug, "{Dump}")]
    public static partial void ConfigurationDump(ILogger logger, string dump);

    [LoggerMessage(LogLevel.Critical, "Invalid configuration ({Options}): {Failures}")]
    public static partial void InvalidOptions(ILogger logger, string options, string failures);

    [LoggerMessage(LogLevel.Critical, "The host stopped because of an unexpected error")]
    public static partial void Crashed(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Sandbox mode: {Reason}")]
    public static partial void SandboxUnavailable(ILogger logger, string reason);

    [LoggerMessage(LogLevel.Information, "Sandbox mode: no DISCORD_API_TOKEN is set, so the bot runs against a local Discord emulator")]
    public static partial void SandboxMode(ILogger logger);
}
