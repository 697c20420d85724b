using System.Globalization;
using System.Text.RegularExpressions;
using AndyAI.Emulator;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Sandbox;

internal static partial class SandboxLog
{
    [LoggerMessage(LogLevel.Error, "Sandbox: the bot did not connect to the emulator within 30 s; see the log for the Discord client's errors")]
    public static partial void BotNeverConnected(ILogger logger);

    [LoggerMessage(LogLevel.Information, "Sandbox mode (no DISCORD_API_TOKEN): Discord emulator at {EmulatorUrl}; {Llm}")]
    public static partial void Started(ILogger logger, string emulatorUrl, string llm);
}
