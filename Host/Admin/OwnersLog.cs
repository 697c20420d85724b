using AndyAI.Commands;
using AndyAI.Discord.Hosting;
using AndyAI.Host.Configuration;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Admin;

internal static partial class OwnersLog
{
    [LoggerMessage(LogLevel.Debug, "Fetched the application's owners: {Count} user(s)")]
    public static partial void Fetched(ILogger logger, int count);

    [LoggerMessage(LogLevel.Warning, "Could not fetch the application's owners; only ADMIN_USER_IDS are owners until the next try")]
    public static partial void FetchFailed(ILogger logger, Exception exception);
}
