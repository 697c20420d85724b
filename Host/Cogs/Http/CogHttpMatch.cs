namespace AndyAI.Host.Cogs.Http;

/// <summary>What <see cref="CogHttpRouteTable.Match"/> found for a request.</summary>
/// <param name="Route">The route to run, or null: 404 when <paramref name="AllowedMethods"/> is null too, else 405.</param>
/// <param name="RouteValues">The template's parameters' values when <paramref name="Route"/> is set.</param>
/// <param name="AllowedMethods">The methods the path has routes for (the <c>Allow</c> header of a 405), or null.</param>
internal readonly record struct CogHttpMatch(CogHttpRoute? Route, IReadOnlyDictionary<string, string>? RouteValues, string? AllowedMethods);
