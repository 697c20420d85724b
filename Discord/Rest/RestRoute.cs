namespace AndyAI.Discord.Rest;

/// <summary>A request target: the route template (rate-limit identity), its top-level resource id and the concrete path.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Template">The route template, e.g. <c>POST /channels/{channel_id}/messages</c>.</param>
/// <param name="MajorId">The top-level resource id (channel, guild, webhook), or empty.</param>
/// <param name="Path">The concrete path, relative to the versioned base URL.</param>
/// <param name="IsIdempotent">Whether sending it twice has the effect of sending it once (a POST that carries an enforced nonce).</param>
/// <param name="IsInteraction">
/// An interaction callback or interaction webhook: authorized by the interaction token in the path (no bot token is
/// sent), and, as Discord documents, not bound by the bot's global rate limit; its buckets live only as long as the
/// token (15 minutes).
/// </param>
internal readonly record struct RestRoute(HttpMethod Method, string Template, string MajorId, string Path, bool IsIdempotent = false, bool IsInteraction = false)
{
    private static string Id(ulong id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether a request that got no answer (or a 5xx) may be sent again: GET, PUT, DELETE and PATCH by definition, others when marked.</summary>
    public bool IsSafeToRepeat => IsIdempotent || Method == HttpMethod.Get || Method == HttpMethod.Put || Method == HttpMethod.Delete || Method == HttpMethod.Patch;

    public static RestRoute Channel(HttpMethod method, string templateSuffix, ulong channelId, string pathSuffix) =>
        new(method, method.Method + " /channels/{channel_id}" + templateSuffix, channelId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "channels/" + channelId.ToString(System.Globalization.CultureInfo.InvariantCulture) + pathSuffix);

    public static RestRoute Global(HttpMethod method, string path) => new(method, method.Method + " /" + path, "", path);

    public static RestRoute Application(HttpMethod method, ulong applicationId, ulong? guildId, string templateSuffix, string pathSuffix)
    {
        string scopeTemplate = guildId is null ? "" : "/guilds/{guild_id}";
        string scopePath = guildId is ulong guild ? "/guilds/" + Id(guild) : "";
        return new(method, method.Method + " /applications/{application_id}" + scopeTemplate + "/commands" + templateSuffix, "",
            "applications/" + Id(applicationId) + scopePath + "/commands" + pathSuffix);
    }

    // Each interaction is its own top-level resource: one interaction's limit never holds up another's answer.
    public static RestRoute InteractionCallback(ulong interactionId, string token) =>
        new(HttpMethod.Post, "POST /interactions/{interaction_id}/{interaction_token}/callback", Id(interactionId),
            "interactions/" + Id(interactionId) + "/" + Uri.EscapeDataString(token) + "/callback", IsInteraction: true);

    // Discord's top-level resource for webhooks is the webhook id plus its token.
    public static RestRoute InteractionWebhook(HttpMethod method, ulong applicationId, string token, string templateSuffix, string pathSuffix) =>
        new(method, method.Method + " /webhooks/{application_id}/{interaction_token}" + templateSuffix, Id(applicationId) + "/" + token,
            "webhooks/" + Id(applicationId) + "/" + Uri.EscapeDataString(token) + pathSuffix, IsInteraction: true);
}
