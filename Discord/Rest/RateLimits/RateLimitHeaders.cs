using System.Globalization;
using System.Net.Http.Headers;

namespace AndyAI.Discord.Rest.RateLimits;

/// <summary>The <c>X-RateLimit-*</c> headers of one response.</summary>
internal readonly record struct RateLimitHeaders(string? Bucket, int Limit, int Remaining, DateTimeOffset ResetAt)
{
    public static RateLimitHeaders? Parse(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (!TryGetInt(headers, "X-RateLimit-Limit", out int limit) || !TryGetInt(headers, "X-RateLimit-Remaining", out int remaining))
        {
            return null;
        }

        DateTimeOffset resetAt;
        if (TryGetDouble(headers, "X-RateLimit-Reset-After", out double after))
        {
            resetAt = now + TimeSpan.FromSeconds(after);
        }
        else if (TryGetDouble(headers, "X-RateLimit-Reset", out double epochSeconds))
        {
            resetAt = DateTimeOffset.UnixEpoch + TimeSpan.FromSeconds(epochSeconds);
        }
        else
        {
            return null;
        }

        string? bucket = headers.TryGetValues("X-RateLimit-Bucket", out IEnumerable<string>? values) ? values.FirstOrDefault() : null;
        return new RateLimitHeaders(bucket, limit, remaining, resetAt);
    }

    public static string? GetScope(HttpResponseHeaders headers) =>
        headers.TryGetValues("X-RateLimit-Scope", out IEnumerable<string>? values) ? values.FirstOrDefault() : null;

    public static bool IsGlobal(HttpResponseHeaders headers) =>
        headers.TryGetValues("X-RateLimit-Global", out IEnumerable<string>? values) && string.Equals(values.FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase);

    private static bool TryGetInt(HttpResponseHeaders headers, string name, out int value)
    {
        value = 0;
        return headers.TryGetValues(name, out IEnumerable<string>? values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryGetDouble(HttpResponseHeaders headers, string name, out double value)
    {
        value = 0;
        return headers.TryGetValues(name, out IEnumerable<string>? values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
