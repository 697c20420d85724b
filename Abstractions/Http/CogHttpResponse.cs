using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AndyAI.Abstractions.Http;

/// <summary>
/// What a cog's route answers: a status, a body with its content type, and extra headers. The host refuses (as a
/// handler error, so the caller gets 500) a status outside 200–599, the headers it owns (<c>Content-Length</c>,
/// <c>Content-Type</c> (use <see cref="ContentType"/>), <c>Transfer-Encoding</c>, <c>Connection</c> and
/// <c>Content-Security-Policy</c>: the host serves every cog response with <c>sandbox</c>, so a page a cog serves runs
/// in an origin of its own, without scripts) and those that act on the whole origin, which is the dashboard's, or on
/// the browser beyond the response: <c>Set-Cookie</c>, <c>Clear-Site-Data</c>, <c>Access-Control-*</c> (CORS),
/// <c>Strict-Transport-Security</c>, <c>Service-Worker-Allowed</c>, <c>Content-Security-Policy-Report-Only</c>,
/// <c>Alt-Svc</c>, <c>NEL</c>, <c>Report-To</c> and the others the host's docs list (docs/dashboard.md, "Cog routes").
/// </summary>
public sealed class CogHttpResponse
{
    private static readonly Dictionary<string, string> NoHeaders = [];

    /// <summary>The status code (200–599).</summary>
    public int StatusCode { get; init; } = 200;

    /// <summary>The body's content type, or null when there is no body.</summary>
    public string? ContentType { get; init; }

    /// <summary>The body's bytes.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Extra response headers by name.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = NoHeaders;

    /// <summary>A response without a body.</summary>
    public static CogHttpResponse Status(int statusCode) => new() { StatusCode = statusCode };

    /// <summary>A <c>text/plain; charset=utf-8</c> response.</summary>
    public static CogHttpResponse Text(string text, int statusCode = 200)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new() { StatusCode = statusCode, ContentType = "text/plain; charset=utf-8", Body = Encoding.UTF8.GetBytes(text) };
    }

    /// <summary>An <c>application/json</c> response of UTF-8 JSON the cog wrote itself.</summary>
    public static CogHttpResponse Json(ReadOnlyMemory<byte> utf8Json, int statusCode = 200) =>
        new() { StatusCode = statusCode, ContentType = "application/json; charset=utf-8", Body = utf8Json };

    /// <summary>
    /// An <c>application/json</c> response of <paramref name="value"/>, serialized with the cog's source-generated
    /// <paramref name="typeInfo"/> (reflection-based JSON on a cog's types keeps it from unloading).
    /// </summary>
    public static CogHttpResponse Json<T>(T value, JsonTypeInfo<T> typeInfo, int statusCode = 200)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return Json(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), statusCode);
    }

    /// <summary>This response with the header <paramref name="name"/> set to <paramref name="value"/> (replacing one of that name).</summary>
    public CogHttpResponse WithHeader(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        var headers = new Dictionary<string, string>(Headers, StringComparer.OrdinalIgnoreCase) { [name] = value };
        return new() { StatusCode = StatusCode, ContentType = ContentType, Body = Body, Headers = headers };
    }
}
