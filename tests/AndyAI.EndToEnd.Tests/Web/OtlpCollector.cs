using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AndyAI.EndToEnd.Tests.Web;

/// <summary>
/// A minimal OTLP/HTTP trace receiver on 127.0.0.1: keeps every span of every <c>POST /v1/traces</c>
/// (protobuf ExportTraceServiceRequest, read with a small wire-format reader: no protobuf package needed).
/// </summary>
internal sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<Span> _spans = [];
    private readonly Lock _gate = new();

    private OtlpCollector(WebApplication app) => _app = app;

    public sealed record Span(string TraceId, string SpanId, string ParentSpanId, string Name);

    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<Span> Spans
    {
        get
        {
            lock (_gate) return [.. _spans];
        }
    }

    public static async Task<OtlpCollector> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var collector = new OtlpCollector(app);
        app.MapPost("/v1/traces", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            List<Span> spans = ReadRequest(body.ToArray());
            lock (collector._gate) collector._spans.AddRange(spans);
            http.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync();
        collector.Endpoint = new Uri(app.Urls.First());
        return collector;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    // ExportTraceServiceRequest { 1: ResourceSpans { 2: ScopeSpans { 2: Span { 1 trace_id, 2 span_id, 4 parent_span_id, 5 name } } } }
    private static List<Span> ReadRequest(byte[] request)
    {
        var spans = new List<Span>();
        foreach (ReadOnlyMemory<byte> resourceSpans in Fields(request, 1))
        {
            foreach (ReadOnlyMemory<byte> scopeSpans in Fields(resourceSpans, 2))
            {
                foreach (ReadOnlyMemory<byte> span in Fields(scopeSpans, 2))
                {
                    string Hex(int field) => Convert.ToHexString(Fields(span, field).FirstOrDefault().Span);
                    spans.Add(new Span(Hex(1), Hex(2), Hex(4), System.Text.Encoding.UTF8.GetString(Fields(span, 5).FirstOrDefault().Span)));
                }
            }
        }

        return spans;
    }

    /// <summary>The length-delimited values of field <paramref name="number"/>, skipping every other field.</summary>
    private static List<ReadOnlyMemory<byte>> Fields(ReadOnlyMemory<byte> message, int number)
    {
        var found = new List<ReadOnlyMemory<byte>>();
        ReadOnlySpan<byte> bytes = message.Span;
        int i = 0;
        while (i < bytes.Length)
        {
            ulong key = Varint(bytes, ref i);
            int field = (int)(key >> 3);
            switch ((int)(key & 7))
            {
                case 0:
                    Varint(bytes, ref i);
                    break;
                case 1:
                    i += 8;
                    break;
                case 2:
                    int length = (int)Varint(bytes, ref i);
                    if (field == number) found.Add(message.Slice(i, length));
                    i += length;
                    break;
                case 5:
                    i += 4;
                    break;
                default:
                    throw new FormatException($"unsupported wire type in field {field}");
            }
        }

        return found;
    }

    private static ulong Varint(ReadOnlySpan<byte> bytes, ref int i)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = bytes[i++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }
}
