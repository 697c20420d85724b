using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Web;

internal static partial class WebLog
{
    [LoggerMessage(LogLevel.Information, "HTTP listener on {Address}: dashboard at /, probes /healthz and /readyz, metrics /metrics")]
    public static partial void Listening(ILogger logger, Uri address);

    [LoggerMessage(LogLevel.Information, "Dashboard at {Address}: DASHBOARD_TOKEN is not set, so a generated login token was written to {File} (readable by this user only; set DASHBOARD_TOKEN to choose one)")]
    public static partial void TokenWritten(ILogger logger, Uri? address, string file);

    [LoggerMessage(LogLevel.Warning, "POST /interactions from {Remote} refused: its signed timestamp {Timestamp} is more than 5 minutes from this host's clock (a replayed request, or a clock that is off)")]
    public static partial void InteractionStale(ILogger logger, string remote, string timestamp);

    [LoggerMessage(LogLevel.Warning, "HTTP listener not started: {Address} {Problem} ({Reason}); the bot keeps running without dashboard, probes and metrics. Set HTTP_ADDRESS to another address or port, or off")]
    public static partial void NotStarted(ILogger logger, Uri address, string problem, string reason);

    [LoggerMessage(LogLevel.Warning, "Dashboard login refused from {Remote}: wrong token")]
    public static partial void LoginRefused(ILogger logger, string remote);

    [LoggerMessage(LogLevel.Information, "Dashboard login from {Remote}")]
    public static partial void LoggedIn(ILogger logger, string remote);

    [LoggerMessage(LogLevel.Warning, "Dashboard request refused from {Remote}: {Path} without a valid anti-forgery token")]
    public static partial void ForgeryRefused(ILogger logger, string remote, string path);

    [LoggerMessage(LogLevel.Information, "Dashboard: {Operation} {Cog} requested from {Remote}: {Result}")]
    public static partial void CogAction(ILogger logger, string operation, string cog, string remote, string result);

    [LoggerMessage(LogLevel.Warning, "POST /interactions from {Remote} refused: missing or invalid Ed25519 signature (Discord sends such requests on purpose when the URL is saved)")]
    public static partial void InteractionSignatureRejected(ILogger logger, string remote);

    [LoggerMessage(LogLevel.Warning, "POST /interactions from {Remote} refused: interaction {InteractionId} was already received (a replayed request)")]
    public static partial void InteractionReplayed(ILogger logger, string remote, ulong interactionId);

    [LoggerMessage(LogLevel.Warning, "Cog route {Route} refused from {Remote}: wrong dashboard token")]
    public static partial void CogRouteTokenRefused(ILogger logger, string remote, string route);

    [LoggerMessage(LogLevel.Warning, "Cog route {Route}: {Count} more request(s) with a wrong dashboard token in the {Window} after the one logged above, refused (only the first of each window is logged in full)")]
    public static partial void CogRouteTokenRefusedRepeatedly(ILogger logger, string route, int count, string window);
}
