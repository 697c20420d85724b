using System.Net;
using System.Text;
using AndyAI.Abstractions.Http;
using AndyAI.Host.Cogs.Http;

namespace AndyAI.Testing;

/// <summary>
/// An <see cref="IHttpRouteRegistry"/> that records the routes a cog maps, with the host's checks (so what the bot
/// would refuse at the cog's start fails here too), and serves a request to them as the host does:
/// <see cref="InvokeAsync(string, string, string?, IReadOnlyDictionary{string, string}?, bool, CancellationToken)"/>.
/// </summary>
public sealed class FakeHttpRouteRegistry : IHttpRouteRegistry
{
    /// <summary>The address a fake request comes from unless <see cref="CallerAddress"/> is set to another.</summary>
    public const string RemoteAddress = "127.0.0.1";

    private readonly List<(FakeHttpRoute Route, CogRouteTemplate Template)> _routes = [];
    private readonly CogHttpCallerBuckets _callers;
    private IPAddress? _caller = IPAddress.Parse(RemoteAddress);

    /// <summary>A registry whose anonymous routes' rate limit runs on the system clock.</summary>
    public FakeHttpRouteRegistry()
        : this(TimeProvider.System)
    {
    }

    /// <summary>A registry whose anonymous routes' rate limit runs on <paramref name="time"/> (<see cref="FakeCogContext"/> passes its <see cref="FakeCogContext.Clock"/>).</summary>
    public FakeHttpRouteRegistry(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _callers = new CogHttpCallerBuckets(time);
    }

    /// <summary>The cog's name, in the prefix. <see cref="FakeCogContext"/> keeps it equal to its <see cref="FakeCogContext.CogName"/>.</summary>
    public string CogName { get; set; } = "TestCog";

    /// <inheritdoc />
    public string PathPrefix => "/cogs/" + Uri.EscapeDataString(CogName) + "/";

    /// <summary>What the cog is told about the listener. Defaults to true; set false to test a cog with <c>HTTP_ADDRESS=off</c>.</summary>
    public bool IsServed { get; set; } = true;

    /// <summary>
    /// The IP address the next requests come from (<see cref="CogHttpRequest.RemoteAddress"/>, and whose allowance an
    /// anonymous route's rate limit takes), so a test can play several callers. Defaults to <see cref="RemoteAddress"/>;
    /// null plays a caller whose address the listener does not know. As in the host, IPv6 callers of one /64 share an
    /// allowance, and an IPv4-mapped IPv6 address counts as its IPv4 address.
    /// </summary>
    /// <exception cref="ArgumentException">Not an IP address (<c>203.0.113.7</c>, <c>2001:db8::1</c>).</exception>
    public string? CallerAddress
    {
        get => _caller?.ToString();
        set => _caller = value is null ? null
            : IPAddress.TryParse(value, out IPAddress? address) ? address
            : throw new ArgumentException($"'{value}' is not an IP address; the listener only ever sees one.", nameof(value));
    }

    /// <summary>Every route mapped, in order.</summary>
    public IReadOnlyList<FakeHttpRoute> Routes => [.. _routes.Select(r => r.Route)];

    /// <inheritdoc />
    public void Map(string method, string template, Func<CogHttpRequest, CancellationToken, ValueTask<CogHttpResponse>> handler, CogHttpRouteOptions? options = null)
    {
        // The host's checks (CogHttpRegistry.Map), with its messages.
        string verb = CogHttpRules.NormalizeMethod(method);
        CogRouteTemplate parsed = CogRouteTemplate.Parse(template);
        ArgumentNullException.ThrowIfNull(handler);
        options ??= new CogHttpRouteOptions();
        CogHttpRules.Validate(options);
        foreach ((FakeHttpRoute route, CogRouteTemplate held) in _routes)
        {
            if (route.Method == verb && held.Shape == parsed.Shape)
            {
                throw new ArgumentException(CogHttpRules.Duplicate(CogName, verb, parsed.Text, held.Text), nameof(template));
            }
        }

        _routes.Add((new FakeHttpRoute(verb, parsed.Text, options, handler), parsed));
    }

    /// <summary>
    /// Sends a request to the cog's routes as the host would, and returns the answer. Without the dashboard token
    /// (<paramref name="withToken"/> false) anything but an anonymous route is 401, as in the host (a missing route and
    /// a wrong method too, so callers cannot map the protected routes), and an anonymous route allows
    /// <see cref="CogHttpRouteOptions.AnonymousRequestsPerMinute"/> per minute on the registry's clock, then 429 with
    /// <c>Retry-After</c> (per caller: <see cref="CallerAddress"/>, 127.0.0.1 unless set). With the token: 404, or 405 with
    /// <c>Allow</c>, when no route matches. A path with a <c>.</c> or <c>..</c> segment (even encoded) is 404 either way. Then 413 when the body is over the route's limit; otherwise the handler's
    /// own response (without the <c>Authorization</c>, <c>Cookie</c> and <c>Proxy-Authorization</c> headers, which the
    /// host keeps). Unlike the host, a handler's exception reaches the test (the host answers 500 and logs it), and a
    /// response the host would refuse (a header it owns, or one acting on the whole origin such as <c>Set-Cookie</c>)
    /// throws <see cref="InvalidOperationException"/> with the host's reason. The route's timeout is not applied.
    /// </summary>
    /// <param name="method">The method.</param>
    /// <param name="path">The path under <see cref="PathPrefix"/> (<c>builds/42</c>) or the whole path (<c>/cogs/TestCog/builds/42</c>), with an optional <c>?query</c>,
    /// percent-encoded as on the wire (<c>United%20Kingdom</c>): route values are decoded, and <see cref="CogHttpRequest.Path"/> is decoded as the host's (all but <c>%2F</c>).</param>
    /// <param name="body">The body, sent as UTF-8; none when null.</param>
    /// <param name="headers">Request headers (<c>X-Hub-Signature-256</c>, <c>Content-Type</c>, …).</param>
    /// <param name="withToken">Whether the caller sends the dashboard token.</param>
    /// <param name="cancellationToken">The handler's token.</param>
    public Task<CogHttpResponse> InvokeAsync(string method, string path, string? body = null, IReadOnlyDictionary<string, string>? headers = null,
        bool withToken = true, CancellationToken cancellationToken = default) =>
        InvokeAsync(method, path, body is null ? ReadOnlyMemory<byte>.Empty : Encoding.UTF8.GetBytes(body), headers, withToken, cancellationToken);

    /// <inheritdoc cref="InvokeAsync(string, string, string?, IReadOnlyDictionary{string, string}?, bool, CancellationToken)"/>
    public async Task<CogHttpResponse> InvokeAsync(string method, string path, ReadOnlyMemory<byte> body, IReadOnlyDictionary<string, string>? headers = null,
        bool withToken = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        string verb = method.ToUpperInvariant();
        string query = "";
        int mark = path.IndexOf('?', StringComparison.Ordinal);
        if (mark >= 0)
        {
            query = path[(mark + 1)..];
            path = path[..mark];
        }

        // The cog sees the prefix as the caller wrote it (the host matches the cog's name without regard to case).
        string prefix = PathPrefix;
        if (path.StartsWith(PathPrefix, StringComparison.OrdinalIgnoreCase))
        {
            prefix = path[..PathPrefix.Length];
            path = path[PathPrefix.Length..];
        }
        else if (path.StartsWith('/'))
        {
            throw new ArgumentException($"'{path}' is not under this cog's prefix {PathPrefix}; pass the path under it (\"hook\") or the whole path.", nameof(path));
        }

        string[] segments = [.. path.Split('/').Select(Uri.UnescapeDataString)];
        if (segments.Any(CogHttpRules.HasDotSegment))
        {
            // As the host: a "." or ".." segment, even encoded or inside a value, is no route.
            return CogHttpResponse.Text("No such route.", 404);
        }

        (FakeHttpRoute Route, CogRouteTemplate Template)? best = null;
        Dictionary<string, string>? values = null;
        var allowed = new List<string>();
        foreach ((FakeHttpRoute Route, CogRouteTemplate Template) entry in _routes)
        {
            if (!entry.Template.TryMatch(segments, out Dictionary<string, string>? matched))
            {
                continue;
            }

            if (entry.Route.Method != verb)
            {
                if (!allowed.Contains(entry.Route.Method)) allowed.Add(entry.Route.Method);
                continue;
            }

            if (best is null || entry.Template.Specificity > best.Value.Template.Specificity)
            {
                best = entry;
                values = matched;
            }
        }

        if (!withToken && best is not { Route.Options.AllowAnonymous: true })
        {
            return CogHttpResponse.Text("This route needs the dashboard token: Authorization: Bearer <token>.", 401).WithHeader("WWW-Authenticate", "Bearer");
        }

        if (best is not { Route: var route, Template: var template })
        {
            return allowed.Count > 0
                ? CogHttpResponse.Text("Method not allowed.", 405).WithHeader("Allow", string.Join(", ", allowed))
                : CogHttpResponse.Text("No such route.", 404);
        }

        IPAddress? caller = _caller;
        if (!withToken && !_callers.TryTake(CogHttpCallerBuckets.RouteKey(CogName, verb, template.Shape), CogHttpCallerBuckets.CallerKey(caller), route.Options.AnonymousRequestsPerMinute, out TimeSpan retryAfter))
        {
            int seconds = CogHttpRules.RetryAfterSeconds(retryAfter);
            return CogHttpResponse.Text(CogHttpRules.TooManyRequests(seconds), 429)
                .WithHeader("Retry-After", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (body.Length > route.Options.MaxRequestBodyBytes)
        {
            return CogHttpResponse.Text($"The body is larger than this route's limit of {route.Options.MaxRequestBodyBytes} bytes.", 413);
        }

        var request = new CogHttpRequest
        {
            Method = verb,
            Path = CogHttpRules.DecodedPath(prefix + path), // decoded as the host's (Kestrel's), %2F kept
            RouteValues = values!,
            Query = ParseQuery(query),
            // The host never passes these on: the dashboard token and session stay with it.
            Headers = (headers ?? new Dictionary<string, string>())
                .Where(h => !CogHttpRules.HiddenRequestHeaders.Contains(h.Key, StringComparer.OrdinalIgnoreCase))
                .ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase),
            Body = body,
            RemoteAddress = caller?.ToString(),
            IsAuthenticated = withToken,
        };
        CogHttpResponse response = await route.Handler(request, cancellationToken);
        if (CogHttpRules.Problem(response) is { } problem)
        {
            throw new InvalidOperationException($"The response of {verb} {PathPrefix}{route.Template} cannot be sent: {problem}.");
        }

        return response;
    }

    /// <summary>Forgets every route, as the host does at unload.</summary>
    public void Clear() => _routes.Clear();

    private static Dictionary<string, IReadOnlyList<string>> ParseQuery(string query)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (string pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            string name = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
            string value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            if (!values.TryGetValue(name, out List<string>? list)) values[name] = list = [];
            list.Add(value);
        }

        return values.ToDictionary(v => v.Key, v => (IReadOnlyList<string>)v.Value, StringComparer.OrdinalIgnoreCase);
    }
}
