using System.Threading.RateLimiting;
using AndyAI.Abstractions.Http;
using AndyAI.Host.Cogs.Http;
using AndyAI.Host.Web.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AndyAI.Host.Web;

/// <summary>
/// <c>/cogs/&lt;cog&gt;/…</c>: the cogs' own HTTP routes (<see cref="IHttpRouteRegistry"/>). Finds the live route in the
/// <see cref="CogHttpRouteTable"/>. A caller without the dashboard token gets 401 for anything but an anonymous route
/// (a wrong token waits like a wrong login, and is logged, throttled, without the guess), so the routes it may not call
/// cannot be told from missing ones; one with it gets 404, or 405 with <c>Allow</c>. An anonymous route's callers
/// without the token are rate-limited per address (429). Then the body is read within the route's limit (413), the
/// handler runs and its answer is written. The cog never sees the <c>Authorization</c> or <c>Cookie</c> header.
/// </summary>
internal static class CogRoutesEndpoint
{
    public const string Pattern = "/cogs/{cog}/{**path}";

    public static void Map(IEndpointRouteBuilder app) => app.Map(Pattern, HandleAsync);

    private static async Task HandleAsync(HttpContext http)
    {
        CogHttpRouteTable table = http.RequestServices.GetRequiredService<CogHttpRouteTable>();
        if (!TryReadPath(http, out string cog, out string[] segments))
        {
            // A path no route can match (a dot segment, no path under the cog): the same for every caller, whatever the routes.
            await WriteTextAsync(http, StatusCodes.Status404NotFound, "No such route.");
            return;
        }

        CogHttpMatch match = table.Match(cog, http.Request.Method, segments);
        bool authenticated = IsAuthenticated(http, http.RequestServices.GetRequiredService<DashboardToken>(), out bool presented);
        if (!authenticated && match.Route is not { Options.AllowAnonymous: true })
        {
            // A protected route, a missing one and a wrong method get one answer, after the same wait for a wrong token:
            // a caller without the token cannot map the routes it may not call (401 against 404, 405's Allow, timing).
            if (presented)
            {
                // A guess is logged (never the guess itself; the first per route and minute, then a count) and answered
                // slowly, like a wrong dashboard login.
                http.RequestServices.GetRequiredService<CogRouteTokenRefusals>().Refused(match.Route?.Description ?? CogRouteTokenRefusals.NoRoute, Remote(http));
                await Task.Delay(DashboardEndpoints.WrongTokenDelay, http.RequestServices.GetRequiredService<TimeProvider>(), http.RequestAborted);
            }

            match.Route?.CountRefused(CogHttpOutcome.Unauthorized); // only a route's: a missing cog or path has no series
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteTextAsync(http, StatusCodes.Status401Unauthorized, "This route needs the dashboard token: Authorization: Bearer <token>.");
            return;
        }

        if (match.Route is not { } route)
        {
            if (match.AllowedMethods is { } allowed)
            {
                http.Response.Headers.Allow = allowed;
                await WriteTextAsync(http, StatusCodes.Status405MethodNotAllowed, "Method not allowed.");
            }
            else
            {
                await WriteTextAsync(http, StatusCodes.Status404NotFound, "No such route.");
            }

            return;
        }

        if (!authenticated)
        {
            // An anonymous route is open to the internet: each address gets the route's allowance, refused before the
            // body is read or the cog runs.
            CogRouteRateLimiter limiter = http.RequestServices.GetRequiredService<CogRouteRateLimiter>();
            using RateLimitLease allowance = limiter.AttemptAcquire(new CogRouteCaller(route.RateKey, CogHttpCallerBuckets.CallerKey(http.Connection.RemoteIpAddress), route.Options.AnonymousRequestsPerMinute));
            if (!allowance.IsAcquired)
            {
                TimeSpan wait = allowance.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
                int seconds = CogHttpRules.RetryAfterSeconds(wait);
                route.CountRefused(CogHttpOutcome.RateLimited);
                http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await WriteTextAsync(http, StatusCodes.Status429TooManyRequests, CogHttpRules.TooManyRequests(seconds));
                return;
            }
        }

        if (http.Request.ContentLength > route.Options.MaxRequestBodyBytes)
        {
            route.CountRefused(CogHttpOutcome.TooLarge);
            await WriteTextAsync(http, StatusCodes.Status413PayloadTooLarge, $"The body is larger than this route's limit of {route.Options.MaxRequestBodyBytes} bytes.");
            return;
        }

        // What the body may take in memory, held until the handler is done: refused at once when the process's budget
        // for bodies in flight is spent, so no number of slow or stalled connections can hold more than it.
        CogRequestBodyBudget budget = http.RequestServices.GetRequiredService<CogRequestBodyBudget>();
        int reserved = http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false ? 0 : (int)(http.Request.ContentLength ?? route.Options.MaxRequestBodyBytes);
        using RateLimitLease? lease = reserved == 0 ? null : budget.Reserve(reserved);
        if (lease is { IsAcquired: false })
        {
            route.CountRefused(CogHttpOutcome.Unavailable);
            http.Response.Headers.RetryAfter = "1";
            await WriteTextAsync(http, StatusCodes.Status503ServiceUnavailable, "Too many requests are being read right now; try again shortly.");
            return;
        }

        await ReadAndRunAsync(http, route, match, authenticated);
    }

    private static async Task ReadAndRunAsync(HttpContext http, CogHttpRoute route, CogHttpMatch match, bool authenticated)
    {
        ReadOnlyMemory<byte>? body;
        // The body must arrive within the route's own time: Kestrel's minimum data rate is an average, which a client
        // that sends most of a body fast and then stalls keeps for a long time.
        using var deadline = new CancellationTokenSource(route.Options.Timeout, http.RequestServices.GetRequiredService<TimeProvider>());
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, deadline.Token);
        try
        {
            body = await ReadBodyAsync(http, route.Options.MaxRequestBodyBytes, reading.Token);
        }
        catch (BadHttpRequestException ex)
        {
            // A malformed chunk, or a body arriving too slowly (Kestrel's MinRequestBodyDataRate): the caller's fault,
            // answered with Kestrel's status. Left unhandled, any caller of an anonymous route wrote an Error with a
            // stack trace ("unhandled exception was thrown by the application") into the log at will.
            route.CountRefused(ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? CogHttpOutcome.TooLarge : CogHttpOutcome.ClientError);
            await WriteTextAsync(http, ex.StatusCode, "The request body could not be read.");
            return;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested)
        {
            route.CountRefused(CogHttpOutcome.ClientError);
            await WriteTextAsync(http, StatusCodes.Status408RequestTimeout, "The request body did not arrive in time.");
            return;
        }

        if (body is not { } read)
        {
            route.CountRefused(CogHttpOutcome.TooLarge);
            await WriteTextAsync(http, StatusCodes.Status413PayloadTooLarge, $"The body is larger than this route's limit of {route.Options.MaxRequestBodyBytes} bytes.");
            return;
        }

        var request = new CogHttpRequest
        {
            Method = route.Method,
            Path = http.Request.Path.Value ?? "",
            RouteValues = match.RouteValues ?? new Dictionary<string, string>(),
            Query = http.Request.Query.ToDictionary(q => q.Key, q => (IReadOnlyList<string>)[.. q.Value.Select(v => v ?? "")], StringComparer.OrdinalIgnoreCase),
            Headers = http.Request.Headers
                .Where(h => !CogHttpRules.HiddenRequestHeaders.Contains(h.Key, StringComparer.OrdinalIgnoreCase))
                .ToDictionary(h => h.Key, h => string.Join(", ", h.Value.Select(v => v ?? "")), StringComparer.OrdinalIgnoreCase),
            Body = read,
            RemoteAddress = http.Connection.RemoteIpAddress?.ToString(),
            IsAuthenticated = authenticated,
        };

        CogHttpResponse response;
        try
        {
            response = await route.InvokeAsync(request, http.RequestAborted);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return; // the caller went away
        }

        http.Response.StatusCode = response.StatusCode;
        foreach ((string name, string value) in response.Headers)
        {
            http.Response.Headers[name] = value;
        }

        http.Response.Headers.ContentSecurityPolicy = CogHttpRules.ContentSecurityPolicy;
        if (response.ContentType is { } contentType)
        {
            http.Response.ContentType = contentType;
        }

        http.Response.ContentLength = response.Body.Length;
        if (response.Body.Length > 0 && !HttpMethods.IsHead(http.Request.Method))
        {
            await http.Response.Body.WriteAsync(response.Body, http.RequestAborted);
        }
    }

    /// <summary>
    /// The cog's name and the path under its prefix, split into decoded segments. Read from the request's raw target
    /// (the decoded path keeps <c>%2F</c> escaped but not <c>%25</c>, so decoding it again would decode twice). The
    /// raw target still has the dot segments that Kestrel resolves away (<c>..</c>, <c>%2e%2e</c>, or one hidden in a
    /// value as <c>..%2F</c>): such a path is no route, so a cog never gets <c>..</c> as a route value (a file name) and
    /// a proxy that resolved the path to another cog's route never reaches this one.
    /// </summary>
    private static bool TryReadPath(HttpContext http, out string cog, out string[] segments)
    {
        cog = "";
        segments = [];
        string raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } target && target.StartsWith('/')
            ? target
            : http.Request.Path.ToUriComponent();
        int query = raw.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0) raw = raw[..query];
        if (!raw.StartsWith("/cogs/", StringComparison.OrdinalIgnoreCase)) return false;
        string[] parts = raw["/cogs/".Length..].Split('/');
        if (parts.Length < 2) return false;
        try
        {
            cog = Uri.UnescapeDataString(parts[0]);
            segments = [.. parts.Skip(1).Select(Uri.UnescapeDataString)];
        }
        catch (UriFormatException)
        {
            return false;
        }

        return cog.Length > 0 && !CogHttpRules.HasDotSegment(cog) && !segments.Any(CogHttpRules.HasDotSegment);
    }

    /// <summary>Whether the request carries the dashboard token as a bearer token (compared in constant time); <paramref name="presented"/> says whether it carried one at all.</summary>
    private static bool IsAuthenticated(HttpContext http, DashboardToken token, out bool presented)
    {
        string? header = http.Request.Headers.Authorization;
        presented = header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > "Bearer ".Length;
        return presented && token.Matches(header!["Bearer ".Length..]);
    }

    /// <summary>The whole body, or null when it is larger than <paramref name="limit"/> (nothing more is read then).</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContext http, int limit, CancellationToken cancellationToken)
    {
        // The listener's own limit is 64 KiB (the dashboard's forms); a cog route has its own, up to 1 MiB.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        // Sized from Content-Length when there is one, and handed on without a copy.
        using var buffer = new MemoryStream((int)(http.Request.ContentLength ?? 0));
        byte[] chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static Task WriteTextAsync(HttpContext http, int status, string text)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(text, http.RequestAborted);
    }

    private static string Remote(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
