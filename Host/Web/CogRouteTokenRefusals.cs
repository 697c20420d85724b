using AndyAI.Abstractions;
using AndyAI.Host.Logging;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Web;

/// <summary>
/// The log of wrong dashboard tokens sent to cog routes: each guess is a Warning an internet caller could repeat at
/// will, so the first per route and minute is logged in full (the remote address, never the guess) and the rest are
/// counted in one line (<see cref="LogThrottle"/>). Guesses at paths without a route share one key, so a caller
/// cannot make up keys.
/// </summary>
internal sealed class CogRouteTokenRefusals : IDisposable
{
    /// <summary>What the log says for a guess at a path that has no route for the method (the path is the caller's to choose).</summary>
    public const string NoRoute = "(a path under /cogs/ without a route for the method)";

    private readonly ILogger _logger;
    private readonly LogThrottle _throttle;

    public CogRouteTokenRefusals(ILoggerFactory loggers, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        ILogger logger = loggers.CreateLogger(typeof(CogRoutesEndpoint));
        _logger = logger;
        _throttle = new LogThrottle(time, LogThrottle.DefaultWindow, (route, count, window) => WebLog.CogRouteTokenRefusedRepeatedly(logger, route, count, DurationText.Format(window)));
    }

    /// <summary>Logs (or counts) a wrong token sent to <paramref name="route"/> (a route's description, or <see cref="NoRoute"/>) from <paramref name="remote"/>.</summary>
    public void Refused(string route, string remote)
    {
        if (_throttle.Admit(route))
        {
            WebLog.CogRouteTokenRefused(_logger, remote, route);
        }
    }

    /// <summary>Writes the count of guesses not logged yet (the listener stops).</summary>
    public void Dispose() => _throttle.Flush();
}
