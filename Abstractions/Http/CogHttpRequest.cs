using System.Text;

namespace AndyAI.Abstractions.Http;

/// <summary>
/// One HTTP request to a cog's route, read completely (the body within the route's limit) before the handler runs.
/// Built by the host, or by a test (<c>FakeHttpRouteRegistry.InvokeAsync</c> in AndyAI.Testing).
/// </summary>
public sealed class CogHttpRequest
{
    private static readonly Dictionary<string, string> NoValues = [];
    private static readonly Dictionary<string, IReadOnlyList<string>> NoQuery = [];

    /// <summary>The method, upper case (GET, POST, …).</summary>
    public required string Method { get; init; }

    /// <summary>
    /// The whole path as requested, without the query string, decoded as the bot's listener (Kestrel) decodes it:
    /// every percent-escape but <c>%2F</c> (either case), which stays as sent so that an encoded slash does not split a
    /// segment in two; an escape that is not UTF-8 stays as sent too. <c>/cogs/Builds/files/United%20Kingdom%2Fold</c>
    /// is <c>/cogs/Builds/files/United Kingdom%2Fold</c>; <see cref="RouteValues"/> holds a parameter fully decoded
    /// (<c>United Kingdom/old</c>).
    /// </summary>
    public required string Path { get; init; }

    /// <summary>The values of the template's parameters by name (<c>{id}</c> → <c>"42"</c>), decoded; names compare without regard to case.</summary>
    public IReadOnlyDictionary<string, string> RouteValues { get; init; } = NoValues;

    /// <summary>The query string's parameters by name (every value of a repeated one, in order); names compare without regard to case.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Query { get; init; } = NoQuery;

    /// <summary>
    /// The request headers by name, names compared without regard to case, repeated ones joined with <c>", "</c>.
    /// Never holds <c>Authorization</c>, <c>Cookie</c> or <c>Proxy-Authorization</c>: the dashboard token, session and a proxy's credentials stay with the host.
    /// </summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = NoValues;

    /// <summary>The body's bytes (empty when there is none), at most the route's <see cref="CogHttpRouteOptions.MaxRequestBodyBytes"/>.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The <c>Content-Type</c> header, or null.</summary>
    public string? ContentType => Header("Content-Type");

    /// <summary>The caller's IP address as the listener saw it (a reverse proxy's, behind one), or null when unknown.</summary>
    public string? RemoteAddress { get; init; }

    /// <summary>Whether the caller sent the dashboard token (always true on a route that is not anonymous).</summary>
    public bool IsAuthenticated { get; init; }

    /// <summary>The header called <paramref name="name"/>, or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out string? value) ? value : null;

    /// <summary>The first value of the query parameter called <paramref name="name"/>, or null.</summary>
    public string? QueryValue(string name) => Query.TryGetValue(name, out IReadOnlyList<string>? values) && values.Count > 0 ? values[0] : null;

    /// <summary>The body decoded as UTF-8 (invalid sequences become U+FFFD).</summary>
    public string BodyText() => Encoding.UTF8.GetString(Body.Span);
}
