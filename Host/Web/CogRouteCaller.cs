namespace AndyAI.Host.Web;

/// <summary>One request without the dashboard token to an anonymous cog route, as <see cref="CogRouteRateLimiter"/> partitions it.</summary>
/// <param name="Route">The route's key (<see cref="Cogs.Http.CogHttpCallerBuckets.RouteKey"/>).</param>
/// <param name="Caller">The caller's key (<see cref="Cogs.Http.CogHttpCallerBuckets.CallerKey"/>).</param>
/// <param name="PerMinute">The route's <see cref="Abstractions.Http.CogHttpRouteOptions.AnonymousRequestsPerMinute"/>.</param>
internal readonly record struct CogRouteCaller(string Route, string Caller, int PerMinute);
