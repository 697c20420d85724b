namespace AndyAI.Abstractions.Http;

/// <summary>How the host serves one route (<see cref="IHttpRouteRegistry.Map"/>); checked when the route is mapped.</summary>
public sealed class CogHttpRouteOptions
{
    /// <summary>The largest request body any route may accept: 1 MiB.</summary>
    public const int MaxRequestBodyLimit = 1024 * 1024;

    /// <summary>The longest a handler may be given.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(2);

    /// <value>
    /// Whether a request without the dashboard token is served. Defaults to false: the caller must send
    /// <c>Authorization: Bearer &lt;DASHBOARD_TOKEN&gt;</c>. Set it only for a route that checks its caller itself
    /// (a webhook's HMAC signature): anyone who can reach the listener can call it.
    /// </value>
    public bool AllowAnonymous { get; init; }

    /// <summary>The most requests per minute an anonymous route may allow each caller: 10,000.</summary>
    public const int MaxAnonymousRequestsPerMinute = 10_000;

    /// <value>
    /// How many requests without the dashboard token each remote address may send to this route per minute (1 to
    /// <see cref="MaxAnonymousRequestsPerMinute"/>), when <see cref="AllowAnonymous"/> is set: a caller may send that
    /// many at once, then one each 1/n of a minute; more are answered 429 with <c>Retry-After</c> without running the
    /// handler. Requests with the token are not limited. Defaults to 60. Behind a reverse proxy every caller has the
    /// proxy's address (the host does not read <c>X-Forwarded-For</c>), so they all share one allowance: size it for
    /// all of them. Added in contract 1.7; a cog built against 1.6 gets the default.
    /// </value>
    public int AnonymousRequestsPerMinute { get; init; } = 60;

    /// <value>The largest request body served, in bytes (1 to <see cref="MaxRequestBodyLimit"/>); a larger one is answered 413. Defaults to 1 MiB.</value>
    public int MaxRequestBodyBytes { get; init; } = MaxRequestBodyLimit;

    /// <value>How long the handler may take (over zero, at most <see cref="MaxTimeout"/>); then its token is cancelled and the caller gets 504. Defaults to 30 seconds.</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
