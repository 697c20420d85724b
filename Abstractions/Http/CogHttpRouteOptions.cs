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

    /// <value>The largest request body served, in bytes (1 to <see cref="MaxRequestBodyLimit"/>); a larger one is answered 413. Defaults to 1 MiB.</value>
    public int MaxRequestBodyBytes { get; init; } = MaxRequestBodyLimit;

    /// <value>How long the handler may take (over zero, at most <see cref="MaxTimeout"/>); then its token is cancelled and the caller gets 504. Defaults to 30 seconds.</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
