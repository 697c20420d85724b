namespace AndyAI.Abstractions.Http;

/// <summary>
/// HTTP routes of one cog on the host's own listener (<c>HTTP_ADDRESS</c>), contract 1.6: a webhook or a small JSON
/// API without a port of its own. Every route lives under <see cref="PathPrefix"/> (<c>/cogs/&lt;cog name&gt;/</c>), so
/// a cog can shadow neither the host's endpoints nor another cog's.
/// </summary>
/// <remarks>
/// <para>
/// A route needs the dashboard token (<c>Authorization: Bearer &lt;DASHBOARD_TOKEN&gt;</c>) unless it is mapped with
/// <see cref="CogHttpRouteOptions.AllowAnonymous"/>; without it a caller gets 401 for every path but an anonymous
/// route's (a missing route and a wrong method too), so it cannot tell which routes exist. An anonymous route is open
/// to anyone who can reach the listener and must check the caller itself (a webhook's signature); the host limits
/// each address's requests to it (<see cref="CogHttpRouteOptions.AnonymousRequestsPerMinute"/>, 429 past it). The
/// host never passes the <c>Authorization</c> and <c>Cookie</c> headers to the cog.
/// </para>
/// <para>
/// Routes registered during <c>StartAsync</c> go live when the instance does (a reload switches from the old
/// instance's routes to the new one's in one step) and are removed when the cog unloads. With the listener off they
/// are accepted and never served (<see cref="IsServed"/>).
/// </para>
/// </remarks>
public interface IHttpRouteRegistry
{
    /// <summary>The path every route of this cog starts with: <c>/cogs/&lt;cog name&gt;/</c>.</summary>
    string PathPrefix { get; }

    /// <summary>Whether the host's HTTP listener runs, so that routes are reachable; false with <c>HTTP_ADDRESS=off</c>.</summary>
    bool IsServed { get; }

    /// <summary>Adds a route: <paramref name="method"/> on <see cref="PathPrefix"/> + <paramref name="template"/>.</summary>
    /// <param name="method">GET, POST, PUT, PATCH or DELETE (any case).</param>
    /// <param name="template">
    /// The path under the prefix: one or more segments separated by <c>/</c>, each a literal (letters, digits,
    /// <c>-._~</c>) or a parameter <c>{name}</c> that matches one non-empty segment, e.g. <c>builds/{id}/status</c>.
    /// Literals match without regard to case; a literal segment wins over a parameter.
    /// </param>
    /// <param name="handler">Answers a request; its token is cancelled when the caller goes away, the route's timeout
    /// passes or the cog unloads. An exception becomes a 500 with a generic body; the exception is logged and counted
    /// as the cog's handler error, never shown to the caller.</param>
    /// <param name="options">Anonymous access, the body limit and the timeout; the defaults when null.</param>
    /// <exception cref="ArgumentException">The method or template is not valid, or this cog mapped the same method
    /// and path shape already (<c>a/{x}</c> and <c>a/{y}</c> are the same shape).</exception>
    void Map(string method, string template, Func<CogHttpRequest, CancellationToken, ValueTask<CogHttpResponse>> handler, CogHttpRouteOptions? options = null);
}
