using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AndyAI.EndToEnd.Tests.Harness;

/// <summary>
/// An OpenAI-compatible endpoint that streams its answer slowly: <see cref="Pieces"/> content chunks, one every
/// <see cref="PieceDelay"/>. The OpenAI fake writes every chunk at once, so streamed edits over time need this.
/// Only <c>POST /v1/chat/completions</c> with <c>stream: true</c> is served.
/// </summary>
internal sealed class SlowStreamingLlm : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _bodies = new();

    private SlowStreamingLlm(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The chunks of the answer, in order; their concatenation is the whole answer.</summary>
    public IReadOnlyList<string> Pieces { get; init; } = [];

    public TimeSpan PieceDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public string Answer => string.Concat(Pieces);

    /// <summary>Request bodies received.</summary>
    public IReadOnlyList<string> Requests => [.. _bodies];

    public static async Task<SlowStreamingLlm> StartAsync(IReadOnlyList<string> pieces, TimeSpan pieceDelay)
    {
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var server = new SlowStreamingLlm(app) { Pieces = pieces, PieceDelay = pieceDelay };
        app.Run(server.HandleAsync);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Method != "POST" || context.Request.Path != "/v1/chat/completions")
        {
            context.Response.StatusCode = 404;
            return;
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        string body = await reader.ReadToEndAsync(context.RequestAborted);
        _bodies.Enqueue(body);
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        CancellationToken ct = context.RequestAborted;
        await WriteChunkAsync(context, """{"role":"assistant","content":""}""", null, ct);
        foreach (string piece in Pieces)
        {
            await Task.Delay(PieceDelay, ct);
            await WriteChunkAsync(context, "{\"content\":" + JsonSerializer.Serialize(piece) + "}", null, ct);
        }

        await WriteChunkAsync(context, "{}", "\"stop\"", ct);
        await context.Response.WriteAsync("data: [DONE]\n\n", ct);
        await context.Response.Body.FlushAsync(ct);
    }

    private static async Task WriteChunkAsync(HttpContext context, string delta, string? finishReason, CancellationToken ct)
    {
        string json = "{\"id\":\"chatcmpl-e2e\",\"object\":\"chat.completion.chunk\",\"created\":1764100000,\"model\":\"gpt-4o-mini\","
            + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + (finishReason ?? "null") + "}]}";
        await context.Response.WriteAsync("data: " + json + "\n\n", ct);
        await context.Response.Body.FlushAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
