using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AndyAI.Emulator.OpenAi.Payloads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AndyAI.Emulator.OpenAi;

/// <summary>
/// An OpenAI-compatible chat server on 127.0.0.1 for tests, benchmarks and offline runs: <c>/v1/chat/completions</c>
/// (JSON and SSE streaming) and <c>/v1/models</c>, with scriptable answers, latency and injected faults. Every
/// request is recorded.
/// </summary>
public sealed class OpenAiFakeServer : IAsyncDisposable
{
    private static readonly TimeSpan CutGrace = TimeSpan.FromMilliseconds(200);
    private readonly WebApplication _app;
    private readonly OpenAiFakeOptions _options;
    private readonly ConcurrentQueue<OpenAiRecordedRequest> _requests = new();
    private readonly Lock _faultLock = new();
    private readonly Queue<OpenAiFault> _faults = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _sequence;
    private int _disposed;

    private OpenAiFakeServer(WebApplication app, OpenAiFakeOptions options, Uri root)
    {
        _app = app;
        _options = options;
        BaseUrl = new Uri(root, "v1");
    }

    /// <summary>The API base URL, ending in <c>/v1</c> (e.g. <c>http://127.0.0.1:5123/v1</c>).</summary>
    public Uri BaseUrl { get; }

    /// <summary>The options in use; changes apply to the next request.</summary>
    public OpenAiFakeOptions Options => _options;

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<OpenAiRecordedRequest> Requests => [.. _requests];

    /// <summary>Chat completion requests received so far.</summary>
    public int ChatRequestCount => _requests.Count(r => r.Chat is not null);

    /// <summary>Starts a fake on 127.0.0.1 with a free port.</summary>
    public static async Task<OpenAiFakeServer> StartAsync(OpenAiFakeOptions? options = null, CancellationToken ct = default)
    {
        options ??= new OpenAiFakeOptions();
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        OpenAiFakeServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync(ct);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new OpenAiFakeServer(app, options, new Uri(address.TrimEnd('/') + "/"));
        return server;
    }

    /// <summary>Makes the next <paramref name="count"/> chat requests fail with <paramref name="fault"/> (queued after earlier faults).</summary>
    public void FailNext(OpenAiFault fault, int count = 1)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_faultLock)
        {
            for (int i = 0; i < count; i++)
            {
                _faults.Enqueue(fault);
            }
        }
    }

    /// <summary>Drops faults not yet used.</summary>
    public void ClearFaults()
    {
        lock (_faultLock)
        {
            _faults.Clear();
        }
    }

    /// <summary>Forgets the recorded requests.</summary>
    public void ClearRequests() => _requests.Clear();

    /// <summary>Waits (polling every few milliseconds of real time) until at least <paramref name="count"/> chat requests arrived.</summary>
    public async Task WaitForChatRequestsAsync(int count, CancellationToken ct = default)
    {
        while (ChatRequestCount < count)
        {
            await Task.Delay(5, ct);
        }
    }

    /// <summary>Stops the server; hanging requests are released.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private OpenAiFault? TakeFault()
    {
        lock (_faultLock)
        {
            return _faults.TryDequeue(out OpenAiFault? fault) ? fault : null;
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        string path = context.Request.Path.Value ?? "/";
        string? apiKey = ReadBearer(context.Request);
        DateTimeOffset now = _options.TimeProvider.GetUtcNow();
        int sequence = Interlocked.Increment(ref _sequence);

        if (path == "/v1/models" && HttpMethods.IsGet(context.Request.Method))
        {
            _requests.Enqueue(new OpenAiRecordedRequest { Sequence = sequence, Timestamp = now, Method = context.Request.Method, Path = path, ApiKey = apiKey });
            if (!IsAuthorized(apiKey))
            {
                await WriteErrorAsync(context, 401, null);
                return;
            }

            var list = new JsonModelList { Data = [.. _options.Models.Select(m => new JsonModel { Id = m, Created = now.ToUnixTimeSeconds() })] };
            await WriteJsonAsync(context, 200, list, OpenAiFakeJsonContext.Default.JsonModelList);
            return;
        }

        if (path != "/v1/chat/completions" || !HttpMethods.IsPost(context.Request.Method))
        {
            _requests.Enqueue(new OpenAiRecordedRequest { Sequence = sequence, Timestamp = now, Method = context.Request.Method, Path = path, ApiKey = apiKey });
            await WriteErrorAsync(context, 404, $"Unknown route {context.Request.Method} {path}");
            return;
        }

        JsonChatRequest? wire;
        try
        {
            wire = await JsonSerializer.DeserializeAsync(context.Request.Body, OpenAiFakeJsonContext.Default.JsonChatRequest, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            _requests.Enqueue(new OpenAiRecordedRequest { Sequence = sequence, Timestamp = now, Method = context.Request.Method, Path = path, ApiKey = apiKey });
            await WriteErrorAsync(context, 400, "Invalid JSON body: " + ex.Message);
            return;
        }

        OpenAiFakeRequest chat = ToRequest(wire);
        OpenAiFault? fault = TakeFault();
        _requests.Enqueue(new OpenAiRecordedRequest { Sequence = sequence, Timestamp = now, Method = context.Request.Method, Path = path, ApiKey = apiKey, Chat = chat, Fault = fault });

        if (!IsAuthorized(apiKey))
        {
            await WriteErrorAsync(context, 401, null);
            return;
        }

        if (wire is null || chat.Messages.Count == 0 || string.IsNullOrEmpty(chat.Model))
        {
            await WriteErrorAsync(context, 400, "'model' and a non-empty 'messages' array are required.");
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        CancellationToken ct = linked.Token;
        try
        {
            if (_options.Latency > TimeSpan.Zero)
            {
                await Task.Delay(_options.Latency, _options.TimeProvider, ct);
            }

            if (fault is { Kind: OpenAiFaultKind.Status })
            {
                if (fault.RetryAfter is { } retryAfter)
                {
                    context.Response.Headers["Retry-After"] = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                await WriteErrorAsync(context, fault.StatusCode, null);
                return;
            }

            if (fault is { Kind: OpenAiFaultKind.Hang })
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
                return;
            }

            (string answer, string finishReason) = LimitLength(Answer(chat), chat.MaxOutputTokens);
            bool cut = fault is { Kind: OpenAiFaultKind.CutStream };
            if (chat.Stream)
            {
                await WriteStreamAsync(context, chat, answer, finishReason, wire.StreamOptions?.IncludeUsage == true, cut, ct);
            }
            else if (cut)
            {
                // Promise a body, send half of it, then drop the connection.
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = 4096;
                await context.Response.Body.WriteAsync("{\"id\":\"chatcmpl-cut\",\"object\":"u8.ToArray(), ct);
                await context.Response.Body.FlushAsync(ct);
                await Task.Delay(CutGrace, ct);
                context.Abort();
            }
            else
            {
                JsonChatCompletion completion = NewCompletion(chat, now, "chat.completion");
                completion.Choices.Add(new JsonChoice { Index = 0, Message = new JsonResponseMessage { Role = "assistant", Content = answer }, FinishReason = finishReason });
                completion.Usage = Usage(chat, answer);
                await WriteJsonAsync(context, 200, completion, OpenAiFakeJsonContext.Default.JsonChatCompletion);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away (its timeout) or the server is stopping: nothing left to answer.
            context.Abort();
        }
    }

    private async Task WriteStreamAsync(HttpContext context, OpenAiFakeRequest chat, string answer, string finishReason, bool includeUsage, bool cut, CancellationToken ct)
    {
        DateTimeOffset now = _options.TimeProvider.GetUtcNow();
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";

        int size = Math.Max(1, _options.StreamChunkCharacters);
        var pieces = new List<string>();
        for (int i = 0; i < answer.Length; i += size)
        {
            pieces.Add(answer.Substring(i, Math.Min(size, answer.Length - i)));
        }

        JsonChatCompletion first = NewCompletion(chat, now, "chat.completion.chunk");
        first.Choices.Add(new JsonChoice { Index = 0, Delta = new JsonResponseMessage { Role = "assistant", Content = "" } });
        await WriteEventAsync(context, first, ct);

        for (int i = 0; i < pieces.Count; i++)
        {
            if (cut && i >= Math.Max(1, pieces.Count / 2))
            {
                // A stream cut in the middle: no finish_reason, no [DONE], the connection just drops. Kestrel's
                // FlushAsync only hands bytes to its output loop and Abort discards what is still queued, so give the
                // chunks (real) time to reach the client first.
                await Task.Delay(CutGrace, ct);
                context.Abort();
                return;
            }

            if (i > 0 && _options.StreamChunkDelay > TimeSpan.Zero)
            {
                await Task.Delay(_options.StreamChunkDelay, _options.TimeProvider, ct);
            }

            JsonChatCompletion chunk = NewCompletion(chat, now, "chat.completion.chunk");
            chunk.Choices.Add(new JsonChoice { Index = 0, Delta = new JsonResponseMessage { Content = pieces[i] } });
            await WriteEventAsync(context, chunk, ct);
        }

        if (cut)
        {
            context.Abort();
            return;
        }

        JsonChatCompletion last = NewCompletion(chat, now, "chat.completion.chunk");
        last.Choices.Add(new JsonChoice { Index = 0, Delta = new JsonResponseMessage(), FinishReason = finishReason });
        await WriteEventAsync(context, last, ct);

        if (includeUsage)
        {
            JsonChatCompletion usage = NewCompletion(chat, now, "chat.completion.chunk");
            usage.Usage = Usage(chat, answer);
            await WriteEventAsync(context, usage, ct);
        }

        await context.Response.Body.WriteAsync("data: [DONE]\n\n"u8.ToArray(), ct);
        await context.Response.Body.FlushAsync(ct);
    }

    private static async Task WriteEventAsync(HttpContext context, JsonChatCompletion chunk, CancellationToken ct)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(chunk, OpenAiFakeJsonContext.Default.JsonChatCompletion);
        Stream body = context.Response.Body;
        await body.WriteAsync("data: "u8.ToArray(), ct);
        await body.WriteAsync(json, ct);
        await body.WriteAsync("\n\n"u8.ToArray(), ct);
        await body.FlushAsync(ct);
    }

    private string Answer(OpenAiFakeRequest chat)
    {
        if (_options.Answers.TryGetValue(chat.LastUserMessage, out string? scripted))
        {
            return scripted;
        }

        return _options.Responder is { } responder ? responder(chat) : "echo: " + chat.LastUserMessage;
    }

    private bool IsAuthorized(string? apiKey) => _options.RequiredApiKey is null || string.Equals(apiKey, _options.RequiredApiKey, StringComparison.Ordinal);

    private static string? ReadBearer(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        return header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }

    private static OpenAiFakeRequest ToRequest(JsonChatRequest? wire)
    {
        var messages = new List<OpenAiFakeMessage>();
        foreach (JsonChatRequestMessage m in wire?.Messages ?? [])
        {
            messages.Add(new OpenAiFakeMessage(m.Role ?? "", ContentText(m.Content)));
        }

        return new OpenAiFakeRequest
        {
            Model = wire?.Model ?? "",
            Messages = messages,
            Stream = wire?.Stream == true,
            Temperature = wire?.Temperature,
            MaxOutputTokens = wire?.MaxCompletionTokens ?? wire?.MaxTokens,
        };
    }

    private static string ContentText(JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString() ?? "";
            case JsonValueKind.Array:
                var text = new StringBuilder();
                foreach (JsonElement part in content.EnumerateArray())
                {
                    if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out JsonElement t) && t.ValueKind == JsonValueKind.String)
                    {
                        text.Append(t.GetString());
                    }
                }

                return text.ToString();
            default:
                return "";
        }
    }

    private static JsonChatCompletion NewCompletion(OpenAiFakeRequest chat, DateTimeOffset now, string kind) => new()
    {
        Id = "chatcmpl-fake",
        Object = kind,
        Created = now.ToUnixTimeSeconds(),
        Model = chat.Model,
        Choices = [],
    };

    // A rough token count (a word is a token) is enough for tests of usage reporting.
    private static JsonUsage Usage(OpenAiFakeRequest chat, string answer)
    {
        int prompt = chat.Messages.Sum(m => CountWords(m.Content));
        int completion = CountWords(answer);
        return new JsonUsage { PromptTokens = prompt, CompletionTokens = completion, TotalTokens = prompt + completion };
    }

    /// <summary>
    /// A model stops at the request's output limit: the answer is cut after that many tokens (the fake counts words
    /// as tokens, as in its usage) and the finish reason is <c>"length"</c> instead of <c>"stop"</c>.
    /// </summary>
    private static (string Answer, string FinishReason) LimitLength(string answer, int? maxOutputTokens)
    {
        if (maxOutputTokens is not { } max || max <= 0 || CountWords(answer) <= max)
        {
            return (answer, "stop");
        }

        int words = 0;
        int i = 0;
        while (i < answer.Length)
        {
            while (i < answer.Length && char.IsWhiteSpace(answer[i])) i++;
            if (i == answer.Length || words == max) break;
            while (i < answer.Length && !char.IsWhiteSpace(answer[i])) i++;
            words++;
        }

        return (answer[..i].TrimEnd(), "length");
    }

    private static int CountWords(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private static Task WriteErrorAsync(HttpContext context, int status, string? message)
    {
        (string type, string? code, string text) = status switch
        {
            401 => ("invalid_request_error", "invalid_api_key", "Incorrect API key provided."),
            403 => ("invalid_request_error", "unsupported_country_region_territory", "Forbidden."),
            404 => ("invalid_request_error", "not_found", "Not found."),
            429 => ("requests", "rate_limit_exceeded", "Rate limit reached. Please try again later."),
            400 => ("invalid_request_error", null, "Bad request."),
            _ => ("server_error", null, "The server had an error while processing your request."),
        };
        var envelope = new JsonErrorEnvelope { Error = new JsonError { Message = message ?? text, Type = type, Code = code } };
        return WriteJsonAsync(context, status, envelope, OpenAiFakeJsonContext.Default.JsonErrorEnvelope);
    }

    private static async Task WriteJsonAsync<T>(HttpContext context, int status, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}
