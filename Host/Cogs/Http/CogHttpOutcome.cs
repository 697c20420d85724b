namespace AndyAI.Host.Cogs.Http;

/// <summary>
/// How a request to a cog's route ended, the <c>outcome</c> tag of <c>andyai_cogs_http_requests_total</c>
/// (<see cref="CogHttpRequestTable.OutcomeTag"/> gives its text). A fixed set, so the series per cog stay few.
/// </summary>
internal enum CogHttpOutcome
{
    /// <summary>The handler answered 1xx–3xx.</summary>
    Ok,

    /// <summary>The handler answered 4xx, or the host could not read the body (malformed, or not in the route's time).</summary>
    ClientError,

    /// <summary>The handler answered 5xx itself.</summary>
    ServerError,

    /// <summary>The handler threw, or answered what the host refuses to send: 500.</summary>
    Failed,

    /// <summary>The handler did not answer within the route's timeout: 504.</summary>
    Timeout,

    /// <summary>The host answered 401: a protected route without the dashboard token (or with a wrong one).</summary>
    Unauthorized,

    /// <summary>The host answered 429: an anonymous caller past the route's allowance.</summary>
    RateLimited,

    /// <summary>The host answered 413: the body is larger than the route's limit.</summary>
    TooLarge,

    /// <summary>The host answered 503: the cog is unloading, or the process's budget for bodies in flight is spent.</summary>
    Unavailable,
}
