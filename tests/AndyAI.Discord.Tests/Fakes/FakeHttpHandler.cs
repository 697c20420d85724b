using System.Net;
using System.Text;

namespace AndyAI.Discord.Tests.Fakes;

/// <summary>An HTTP handler the test scripts: each request is answered by <see cref="Respond"/>, and every request is recorded.</summary>
internal sealed class FakeHttpHandler : HttpMessageHandler
{
    private int _inFlight;

    public sealed record Recorded(HttpMethod Method, string Path, string? Authorization, string? UserAgent, string? Body);

    public Func<HttpRequestMessage, int, Task<HttpResponseMessage>> Respond { get; set; } =
        (_, _) => Task.FromResult(Json(HttpStatusCode.OK, "{}"));

    public List<Recorded> Requests { get; } = [];

    public int MaxInFlight { get; private set; }

    public int Count
    {
        get { lock (Requests) return Requests.Count; }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        int index;
        lock (Requests)
        {
            index = Requests.Count;
            Requests.Add(new Recorded(request.Method, request.RequestUri!.AbsolutePath, request.Headers.Authorization?.ToString(), request.Headers.UserAgent.ToString(), body));
            MaxInFlight = Math.Max(MaxInFlight, ++_inFlight);
        }

        try
        {
            return await Respond(request, index);
        }
        finally
        {
            lock (Requests) _inFlight--;
        }
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json, string? bucket = null, int? limit = null, int? remaining = null, double? resetAfter = null, string? scope = null, bool global = false)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (bucket is not null) response.Headers.Add("X-RateLimit-Bucket", bucket);
        if (limit is int l) response.Headers.Add("X-RateLimit-Limit", l.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (remaining is int r) response.Headers.Add("X-RateLimit-Remaining", r.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (resetAfter is double a) response.Headers.Add("X-RateLimit-Reset-After", a.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (scope is not null) response.Headers.Add("X-RateLimit-Scope", scope);
        if (global) response.Headers.Add("X-RateLimit-Global", "true");
        return response;
    }

    public static HttpResponseMessage TooMany(double retryAfter, string scope = "user", bool global = false) =>
        Json((HttpStatusCode)429, $$"""{"message":"You are being rate limited.","retry_after":{{retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"global":{{(global ? "true" : "false")}}}""", scope: scope, global: global);
}
