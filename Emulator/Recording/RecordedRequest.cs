using System.Text.Json;

namespace AndyAI.Emulator;

/// <summary>One REST request the emulator received, with the status it answered.</summary>
public sealed class RecordedRequest
{
    internal RecordedRequest(string method, string path, string route, IReadOnlyDictionary<string, string> headers,
        string? body, DateTimeOffset timestamp)
    {
        Method = method;
        Path = path;
        Route = route;
        Headers = headers;
        Body = body;
        Timestamp = timestamp;
    }

    /// <summary>HTTP method, e.g. <c>POST</c>.</summary>
    public string Method { get; }
    /// <summary>Path and query as sent, e.g. <c>/api/v10/channels/1/messages</c>.</summary>
    public string Path { get; }
    /// <summary>Route template without the version prefix, e.g. <c>/channels/{channel_id}/messages</c>.</summary>
    public string Route { get; }
    /// <summary>Request headers (case-insensitive names). Kept in memory only, never logged.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }
    /// <summary>Raw request body, or null when there was none.</summary>
    public string? Body { get; }
    /// <summary>When the request arrived (emulator clock).</summary>
    public DateTimeOffset Timestamp { get; }
    /// <summary>
    /// When the emulator began to answer (emulator clock), taken before the first byte of the answer is written: the
    /// client cannot have had the answer earlier. Measure "the client waited at least T after an answer before its
    /// next request" as the next <see cref="Timestamp"/> minus this, with no allowance for transit.
    /// </summary>
    public DateTimeOffset AnsweredAt { get; internal set; }
    /// <summary>The status code the emulator answered with (0 until answered).</summary>
    public int StatusCode { get; internal set; }

    /// <summary>The files of a multipart upload (<c>files[n]</c> parts), in the order they came; empty otherwise.</summary>
    public IReadOnlyList<RecordedFile> Files { get; internal set; } = [];

    /// <summary>Parses <see cref="Body"/> as JSON. Throws <see cref="JsonException"/> if it is not JSON.</summary>
    public JsonDocument? ParseBody() => Body is null ? null : JsonDocument.Parse(Body);

    /// <inheritdoc/>
    public override string ToString() => $"{Method} {Path} -> {StatusCode}";
}
