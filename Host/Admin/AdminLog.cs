using AndyAI.Abstractions.Commands;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Admin;

internal static partial class AdminLog
{
    [LoggerMessage(LogLevel.Information, "Owner {UserId} ran !{Command}: {Reply}")]
    public static partial void Ran(ILogger logger, ulong userId, string command, string reply);

    [LoggerMessage(LogLevel.Information, "Owner {UserId} ran /{Command}: {Reply}")]
    public static partial void RanSlash(ILogger logger, ulong userId, string command, string reply);

    [LoggerMessage(LogLevel.Debug, "Registered the built-in admin commands: {Names}")]
    public static partial void Registered(ILogger logger, string names);
}
