using System.Text.Json;
using AndyAI.Discord.Hosting;
using AndyAI.Discord.Interactions;
using AndyAI.Host.Interactions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Web;

/// <summary>
/// <c>POST /interactions</c>: Discord's Interactions Endpoint URL, on when <c>Interactions:PublicKey</c> is set.
/// Every request must carry a valid Ed25519 signature (else 401, as Discord checks when the URL is saved); PING is
/// answered with PONG; anything else goes to the same router and handlers as the gateway's INTERACTION_CREATE and is
/// answered through the callback endpoint, after which the POST gets 202 and no body, as Discord asks.
/// </summary>
internal static class InteractionsEndpoint
{
    /// <summary>Discord allows 3 s for the initial response; the POST is answered by then whatever the handler does.</summary>
    private static readonly TimeSpan FirstResponseWait = TimeSpan.FromSeconds(3);

    private static readonly byte[] Pong = "{\"type\":1}"u8.ToArray();

    public static void Map(WebApplication app) => app.MapPost("/interactions", HandleAsync);

    /// <summary>How far a signed request's timestamp may be from this host's clock.</summary>
    internal static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    private static async Task<IResult> HandleAsync(HttpContext http, InteractionSignature signature, InteractionRouter router, IInteractionClient client,
        InteractionReplayGuard replays, TimeProvider time, ILoggerFactory loggers)
    {
        ILogger logger = loggers.CreateLogger(typeof(InteractionsEndpoint));
        byte[] body;
        using (var buffer = new MemoryStream())
        {
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            body = buffer.ToArray();
        }

        string? timestamp = http.Request.Headers["X-Signature-Timestamp"];
        if (!signature.Verify(http.Request.Headers["X-Signature-Ed25519"], timestamp, body))
        {
            WebLog.InteractionSignatureRejected(logger, http.Connection.RemoteIpAddress?.ToString() ?? "?");
            return Results.Text("invalid request signature", statusCode: StatusCodes.Status401Unauthorized);
        }

        // A signature stays valid for ever: a request captured once could be sent again. Discord signs when it sends,
        // so a timestamp far from now is a replay (or a clock badly off, which the log line says).
        if (!long.TryParse(timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long seconds)
            || Math.Abs(time.GetUtcNow().ToUnixTimeSeconds() - seconds) > (long)MaxClockSkew.TotalSeconds)
        {
            WebLog.InteractionStale(logger, http.Connection.RemoteIpAddress?.ToString() ?? "?", timestamp ?? "");
            return Results.Text("stale request timestamp", statusCode: StatusCodes.Status401Unauthorized);
        }

        DiscordInteraction interaction;
        try
        {
            interaction = DiscordBot.ParseHttpInteraction(body);
        }
        catch (JsonException)
        {
            return Results.Text("not an interaction", statusCode: StatusCodes.Status400BadRequest);
        }

        if (interaction.Type == InteractionType.Ping)
        {
            return Results.Bytes(Pong, "application/json");
        }

        if (!replays.TryAccept(interaction.Id))
        {
            WebLog.InteractionReplayed(logger, http.Connection.RemoteIpAddress?.ToString() ?? "?", interaction.Id);
            return Results.Text("replayed request", statusCode: StatusCodes.Status401Unauthorized);
        }

        var responder = new FirstResponseClient(client);
        if (!router.TryDispatch(interaction, responder))
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable); // stopping
        }

        try
        {
            await responder.FirstResponse.WaitAsync(FirstResponseWait, time, http.RequestAborted);
        }
        catch (TimeoutException)
        {
            // The router defers at 2 s, so this is a REST failure it logs; Discord shows "did not respond".
        }

        return Results.StatusCode(StatusCodes.Status202Accepted);
    }
}
