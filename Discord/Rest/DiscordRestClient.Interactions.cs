using System.Globalization;
using System.Text.Json;
using AndyAI.Discord.Interactions;
using AndyAI.Discord.Json;

namespace AndyAI.Discord.Rest;

// Answering interactions: https://discord.com/developers/docs/interactions/receiving-and-responding. These routes
// carry the interaction token instead of the bot token and are not bound by the global rate limit (RestRoute).
internal sealed partial class DiscordRestClient
{
    /// <summary>The initial response. Never repeated on a lost answer: Discord would refuse the second one (40060).</summary>
    public Task RespondToInteractionAsync(ulong interactionId, string token, JsonInteractionResponse response, CancellationToken cancellationToken, IReadOnlyList<MessageFile>? files = null) =>
        SendCoreAsync<JsonMessage>(RestRoute.InteractionCallback(interactionId, token),
            JsonSerializer.SerializeToUtf8Bytes(response, DiscordJsonContext.Default.JsonInteractionResponse), null, false, cancellationToken, files);

    /// <summary>The original response, or <see langword="null"/> on 404 (none yet, or deleted).</summary>
    public Task<JsonMessage?> GetOriginalInteractionResponseAsync(ulong applicationId, string token, CancellationToken cancellationToken) =>
        SendCoreAsync(RestRoute.InteractionWebhook(HttpMethod.Get, applicationId, token, "/messages/@original", "/messages/@original"), null, DiscordJsonContext.Default.JsonMessage, true, cancellationToken);

    /// <returns>The message, or <see langword="null"/> when Discord said it was edited but its body could not be read.</returns>
    public Task<JsonMessage?> EditOriginalInteractionResponseAsync(ulong applicationId, string token, JsonInteractionCallbackData message, CancellationToken cancellationToken, IReadOnlyList<MessageFile>? files = null) =>
        SendCoreAsync(RestRoute.InteractionWebhook(HttpMethod.Patch, applicationId, token, "/messages/@original", "/messages/@original"),
            JsonSerializer.SerializeToUtf8Bytes(message, DiscordJsonContext.Default.JsonInteractionCallbackData), DiscordJsonContext.Default.JsonMessage, false, cancellationToken, files);

    public Task DeleteOriginalInteractionResponseAsync(ulong applicationId, string token, CancellationToken cancellationToken) =>
        SendCoreAsync<JsonMessage>(RestRoute.InteractionWebhook(HttpMethod.Delete, applicationId, token, "/messages/@original", "/messages/@original"), null, null, false, cancellationToken);

    /// <returns>The message, or <see langword="null"/> when Discord said it was created but its body could not be read.</returns>
    public Task<JsonMessage?> CreateFollowupMessageAsync(ulong applicationId, string token, JsonInteractionCallbackData message, CancellationToken cancellationToken, IReadOnlyList<MessageFile>? files = null) =>
        // ?wait=true: Discord answers with the message (otherwise 204), so an edit can address it later.
        SendCoreAsync(RestRoute.InteractionWebhook(HttpMethod.Post, applicationId, token, "", "?wait=true"),
            JsonSerializer.SerializeToUtf8Bytes(message, DiscordJsonContext.Default.JsonInteractionCallbackData), DiscordJsonContext.Default.JsonMessage, false, cancellationToken, files);

    /// <returns>The message, or <see langword="null"/> when Discord said it was edited but its body could not be read.</returns>
    public Task<JsonMessage?> EditFollowupMessageAsync(ulong applicationId, string token, ulong messageId, JsonInteractionCallbackData message, CancellationToken cancellationToken) =>
        SendCoreAsync(RestRoute.InteractionWebhook(HttpMethod.Patch, applicationId, token, "/messages/{message_id}", "/messages/" + messageId.ToString(CultureInfo.InvariantCulture)),
            JsonSerializer.SerializeToUtf8Bytes(message, DiscordJsonContext.Default.JsonInteractionCallbackData), DiscordJsonContext.Default.JsonMessage, false, cancellationToken);

    public Task DeleteFollowupMessageAsync(ulong applicationId, string token, ulong messageId, CancellationToken cancellationToken) =>
        SendCoreAsync<JsonMessage>(RestRoute.InteractionWebhook(HttpMethod.Delete, applicationId, token, "/messages/{message_id}", "/messages/" + messageId.ToString(CultureInfo.InvariantCulture)),
            null, null, false, cancellationToken);
}
