using System.Buffers;
using AndyAI.Abstractions.Http;

namespace AndyAI.Host.Cogs.Http;

/// <summary>
/// What the host accepts from a cog's HTTP route: the methods, the options, and the responses. Compiled into
/// AndyAI.Testing too, so the test kit's fake refuses what the host refuses, with the same words.
/// </summary>
internal static class CogHttpRules
{
    /// <summary>The methods a route may be mapped to.</summary>
    public static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    /// <summary>The request headers a cog never sees: the dashboard token, the session cookie, a proxy's credentials.</summary>
    public static readonly string[] HiddenRequestHeaders = ["Authorization", "Cookie", "Proxy-Authorization"];

    /// <summary>The response headers the host owns: a cog setting one is a handler error.</summary>
    public static readonly string[] ReservedResponseHeaders =
        ["Content-Length", "Content-Type", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade", "Trailer", "Content-Security-Policy"];

    /// <summary>
    /// The response headers that act on the whole origin, which a cog's routes share with the dashboard, or on the browser
    /// beyond the one response: a cog setting one is a handler error. Cookies (the dashboard's session), stored site data,
    /// HTTPS and key pinning, an alternative service, the origin's agent cluster, client hints, network error and report
    /// endpoints, a login status, a service worker's scope; and a policy that only reports (the enforced one is the host's).
    /// </summary>
    public static readonly string[] OriginWideResponseHeaders =
    [
        "Set-Cookie", "Set-Cookie2", "Clear-Site-Data", "Strict-Transport-Security", "Public-Key-Pins", "Public-Key-Pins-Report-Only", "Expect-CT",
        "Alt-Svc", "Origin-Agent-Cluster", "Accept-CH", "Critical-CH", "NEL", "Report-To", "Reporting-Endpoints", "Set-Login",
        "Service-Worker-Allowed", "Content-Security-Policy-Report-Only", "Timing-Allow-Origin",
    ];

    /// <summary>Header name prefixes refused like <see cref="OriginWideResponseHeaders"/>: CORS (<c>Access-Control-Allow-Origin</c> and the rest), which would let other sites read the origin's answers.</summary>
    public static readonly string[] OriginWideResponseHeaderPrefixes = ["Access-Control-"];

    /// <summary>
    /// The policy of every cog response: a page a cog serves runs in an origin of its own, without scripts, so even
    /// one that shows a webhook's content unescaped can never act on the dashboard, whose origin it shares.
    /// </summary>
    public const string ContentSecurityPolicy = "sandbox; frame-ancestors 'none'";

    // RFC 9110 token characters, for header names.
    private static readonly SearchValues<char> TokenCharacters =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    /// <summary>The method in upper case.</summary>
    /// <exception cref="ArgumentException">Not one of <see cref="Methods"/>.</exception>
    public static string NormalizeMethod(string method)
    {
        ArgumentNullException.ThrowIfNull(method);
        string upper = method.Trim().ToUpperInvariant();
        if (Array.IndexOf(Methods, upper) < 0)
        {
            throw new ArgumentException($"The HTTP method '{(method.Length > 20 ? method[..20] + "…" : method)}' is not one of {string.Join(", ", Methods)}.", nameof(method));
        }

        return upper;
    }

    /// <exception cref="ArgumentOutOfRangeException">The body limit, the timeout or the anonymous rate is out of range; the message says which.</exception>
    public static void Validate(CogHttpRouteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxRequestBodyBytes is < 1 or > CogHttpRouteOptions.MaxRequestBodyLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxRequestBodyBytes,
                $"CogHttpRouteOptions.MaxRequestBodyBytes must be 1 to {CogHttpRouteOptions.MaxRequestBodyLimit} bytes.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > CogHttpRouteOptions.MaxTimeout)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Timeout,
                $"CogHttpRouteOptions.Timeout must be over zero and at most {CogHttpRouteOptions.MaxTimeout.TotalMinutes:0} minutes.");
        }

        if (options.AnonymousRequestsPerMinute is < 1 or > CogHttpRouteOptions.MaxAnonymousRequestsPerMinute)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.AnonymousRequestsPerMinute,
                $"CogHttpRouteOptions.AnonymousRequestsPerMinute must be 1 to {CogHttpRouteOptions.MaxAnonymousRequestsPerMinute}.");
        }
    }

    /// <summary>Whether a cog may not set the response header <paramref name="name"/> because it acts beyond the response (<see cref="OriginWideResponseHeaders"/>).</summary>
    public static bool IsOriginWide(string name) =>
        OriginWideResponseHeaders.Contains(name, StringComparer.OrdinalIgnoreCase)
        || OriginWideResponseHeaderPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>The <c>Retry-After</c> of a 429 from an anonymous route's rate limit: <paramref name="wait"/> in whole seconds, rounded up, 1 to 3600.</summary>
    public static int RetryAfterSeconds(TimeSpan wait) => (int)Math.Clamp(Math.Ceiling(wait.TotalSeconds), 1, 3600);

    /// <summary>The body of a 429 from an anonymous route's rate limit.</summary>
    public static string TooManyRequests(int retryAfterSeconds) => $"Too many requests to this route from your address; try again in {retryAfterSeconds} s.";

    /// <summary>
    /// "." or ".." as a whole segment, or as a part of a decoded one between slashes ("../x", "a/./b"): a path with one
    /// is no route (404), so a cog never gets <c>..</c> as a route value (a file name), and a proxy that resolved the
    /// path to another cog's route never reaches this one.
    /// </summary>
    public static bool HasDotSegment(string segment)
    {
        ReadOnlySpan<char> text = segment;
        foreach (Range part in text.SplitAny('/', '\\'))
        {
            if (text[part] is "." or "..") return true;
        }

        return false;
    }

    /// <summary>
    /// <see cref="CogHttpRequest.Path"/> as the host hands it over: the request path as Kestrel decodes it
    /// (<c>HttpRequest.Path</c>), every escape decoded but <c>%2F</c>, which stays as sent so one segment does not
    /// become two (<c>a%2Fb%20c</c> is <c>a%2Fb c</c>); an escape that is no UTF-8 stays as sent. The test kit's fake
    /// uses it; <c>CogRoutesEndpointTests</c> checks it against Kestrel.
    /// </summary>
    public static string DecodedPath(string rawPath)
    {
        ArgumentNullException.ThrowIfNull(rawPath);
        var decoded = new System.Text.StringBuilder(rawPath.Length);
        int start = 0;
        while (true)
        {
            int slash = rawPath.IndexOf("%2F", start, StringComparison.OrdinalIgnoreCase);
            int end = slash < 0 ? rawPath.Length : slash;
            decoded.Append(Uri.UnescapeDataString(rawPath[start..end]));
            if (slash < 0) return decoded.ToString();
            decoded.Append(rawPath, slash, 3);
            start = slash + 3;
        }
    }

    /// <summary>The refusal of a second route of one method and path shape.</summary>
    public static string Duplicate(string owner, string method, string template, string taken) =>
        template.Equals(taken, StringComparison.OrdinalIgnoreCase)
            ? $"{owner} maps {method} {template} twice."
            : $"{owner} maps {method} {template}, which matches the same paths as {method} {taken}.";

    /// <summary>Why the host would not send <paramref name="response"/>, or null when it would.</summary>
    public static string? Problem(CogHttpResponse? response)
    {
        if (response is null)
        {
            return "the handler returned no response (null)";
        }

        if (response.StatusCode is < 200 or > 599)
        {
            return $"the status {response.StatusCode} is outside 200–599";
        }

        if (response.Headers is null)
        {
            return "the response's Headers is null";
        }

        foreach ((string name, string value) in response.Headers)
        {
            if (string.IsNullOrEmpty(name) || name.AsSpan().IndexOfAnyExcept(TokenCharacters) >= 0)
            {
                return $"the header name '{name}' is not a valid HTTP token";
            }

            if (ReservedResponseHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                return $"the header {name} is set by the host ({(name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) ? "use CogHttpResponse.ContentType" : "a cog may not set it")})";
            }

            if (IsOriginWide(name))
            {
                return $"the header {name} acts on the whole origin, which cog routes share with the dashboard, or on the browser beyond this response: a cog may not set it";
            }

            if (value is null || value.Any(c => c is '\r' or '\n' or '\0' || c > '\u007e' || (char.IsControl(c) && c != '\t')))
            {
                return $"the header {name} has a value with a line break, a control or a non-ASCII character";
            }
        }

        if (response.ContentType is { } type && (type.Length == 0 || type.Any(c => c < ' ' || c > '\u007e')))
        {
            return "the content type is empty or has a control or a non-ASCII character";
        }

        return null;
    }
}
