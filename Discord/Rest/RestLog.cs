using Microsoft.Extensions.Logging;

namespace AndyAI.Discord.Rest;

internal static partial class RestLog
{
    [LoggerMessage(LogLevel.Warning, "REST {Route}: rate limited ({Scope}); retrying after {RetryAfter}")]
    public static partial void RateLimited(ILogger logger, string route, string scope, string retryAfter);

    [LoggerMessage(LogLevel.Warning, "REST {Route}: Discord answered {Status}; retrying in {Delay}")]
    public static partial void ServerError(ILogger logger, string route, int status, string delay);

    [LoggerMessage(LogLevel.Warning, "REST {Route}: request failed before an answer; retrying in {Delay}")]
    public static partial void TransportError(ILogger logger, string route, string delay, Exception exception);

    [LoggerMessage(LogLevel.Warning, "REST {Route}: Discord answered {Status} but its body could not be read; treated as done without a body")]
    public static partial void UnreadableBody(ILogger logger, string route, int status, Exception exception);

    [LoggerMessage(LogLevel.Debug, "REST {Route}: the answer had an optional value we could not read ({Skipped}); read as empty")]
    public static partial void LenientField(ILogger logger, string route, string skipped);

    [LoggerMessage(LogLevel.Warning, "REST {Route}: Discord answered 401: the token is invalid (check Discord:Token)")]
    public static partial void Unauthorized(ILogger logger, string route);
}
