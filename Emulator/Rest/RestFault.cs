namespace AndyAI.Emulator;

/// <summary>A failure the emulator injects into upcoming REST responses.</summary>
public enum RestFault
{
    /// <summary>429 on the route's bucket (<c>X-RateLimit-Scope: user</c>, <c>global: false</c>).</summary>
    RateLimitBucket,
    /// <summary>429 global (<c>X-RateLimit-Global: true</c>, <c>X-RateLimit-Scope: global</c>, <c>global: true</c>).</summary>
    RateLimitGlobal,
    /// <summary>429 on a shared resource bucket (<c>X-RateLimit-Scope: shared</c>); does not count as invalid.</summary>
    RateLimitShared,
    /// <summary>500 Internal Server Error.</summary>
    InternalServerError,
    /// <summary>502 Bad Gateway.</summary>
    BadGateway,
    /// <summary>503 Service Unavailable.</summary>
    ServiceUnavailable,
}
