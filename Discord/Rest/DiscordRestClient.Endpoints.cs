using System.Text.Json;
using AndyAI.Discord.Json;

namespace AndyAI.Discord.Rest;

internal sealed partial class DiscordRestClient
{
    /// <returns>The message, or <see langword="null"/> when Discord said it was created but its body could not be read.</returns>
    public Task<JsonMessage?> CreateMessageAsync(ulong channelId, JsonCreateMessage message, CancellationToken cancellationToken)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(message, DiscordJsonContext.Default.JsonCreateMessage);
        // With an enforced nonce Discord answers a repeat with the message the first attempt created, so a create
        // that timed out may be sent again without posting twice.
        RestRoute route = RestRoute.Channel(HttpMethod.Post, "/messages", channelId, "/messages") with { IsIdempotent = message is { Nonce: not null, EnforceNonce: true } };
        return SendCoreAsync(route, body, DiscordJsonContext.Default.JsonMessage, false, cancellationToken);
    }

    /// <returns>The message, or <see langword="null"/> when Discord said it was edited but its body could not be read.</returns>
    public Task<JsonMessage?> EditMessageAsync(ulong channelId, ulong messageId, JsonEditMessage message, CancellationToken cancellationToken)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(message, DiscordJsonContext.Default.JsonEditMessage);
        return SendCoreAsync(RestRoute.Channel(HttpMethod.Patch, "/messages/{message_id}", channelId, "/messages/" + messageId), body, DiscordJsonContext.Default.JsonMessage, false, cancellationToken);
    }

    public Task DeleteMessageAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken) =>
        SendCoreAsync<JsonMessage>(RestRoute.Channel(HttpMethod.Delete, "/messages/{message_id}", channelId, "/messages/" + messageId), null, null, false, cancellationToken);

    public Task TriggerTypingAsync(ulong channelId, CancellationToken cancellationToken) =>
        SendCoreAsync<JsonMessage>(RestRoute.Channel(HttpMethod.Post, "/typing", channelId, "/typing"), ReadOnlyMemory<byte>.Empty, null, false, cancellationToken);

    /// <summary>Fetches a message, or <see langword="null"/> on 404 (unknown message or channel).</summary>
    public Task<JsonMessage?> GetMessageAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken) =>
        SendCoreAsync(RestRoute.Channel(HttpMethod.Get, "/messages/{message_id}", channelId, "/messages/" + messageId), null, DiscordJsonContext.Default.JsonMessage, true, cancellationToken);

    public Task<JsonUser> GetCurrentUserAsync(CancellationToken cancellationToken) =>
        SendAsync(RestRoute.Global(HttpMethod.Get, "users/@me"), null, DiscordJsonContext.Default.JsonUser, cancellationToken);

    public Task<JsonApplication> GetCurrentApplicationAsync(CancellationToken cancellationToken) =>
        SendAsync(RestRoute.Global(HttpMethod.Get, "oauth2/applications/@me"), null, DiscordJsonContext.Default.JsonApplication, cancellationToken);

    public Task<JsonGatewayBot> GetGatewayBotAsync(CancellationToken cancellationToken) =>
        SendAsync(RestRoute.Global(HttpMethod.Get, "gateway/bot"), null, DiscordJsonContext.Default.JsonGatewayBot, cancellationToken);
}
