using AndyAI.Abstractions.Http;

namespace AndyAI.Testing;

/// <summary>One route a cog mapped on <see cref="FakeHttpRouteRegistry"/>, as it mapped it (the method in upper case).</summary>
/// <param name="Method">GET, POST, PUT, PATCH or DELETE.</param>
/// <param name="Template">The template under the cog's prefix, without a leading slash.</param>
/// <param name="Options">The options it was mapped with (the defaults when it passed none).</param>
/// <param name="Handler">The cog's handler.</param>
public sealed record FakeHttpRoute(
    string Method,
    string Template,
    CogHttpRouteOptions Options,
    Func<CogHttpRequest, CancellationToken, ValueTask<CogHttpResponse>> Handler);
