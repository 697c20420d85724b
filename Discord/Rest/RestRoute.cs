namespace AndyAI.Discord.Rest;

/// <summary>A request target: the route template (rate-limit identity), its top-level resource id and the concrete path.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Template">The route template, e.g. <c>POST /channels/{channel_id}/messages</c>.</param>
/// <param name="MajorId">The top-level resource id (channel, guild, webhook), or empty.</param>
/// <param name="Path">The concrete path, relative to the versioned base URL.</param>
/// <param name="IsIdempotent">Whether sending it twice has the effect of sending it once (a POST that carries an enforced nonce).</param>
internal readonly record struct RestRoute(HttpMethod Method, string Template, string MajorId, string Path, bool IsIdempotent = false)
{
    /// <summary>Whether a request that got no answer (or a 5xx) may be sent again: GET, PUT, DELETE and PATCH by definition, others when marked.</summary>
    public bool IsSafeToRepeat => IsIdempotent || Method == HttpMethod.Get || Method == HttpMethod.Put || Method == HttpMethod.Delete || Method == HttpMethod.Patch;

    public static RestRoute Channel(HttpMethod method, string templateSuffix, ulong channelId, string pathSuffix) =>
        new(method, method.Method + " /channels/{channel_id}" + templateSuffix, channelId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "channels/" + channelId.ToString(System.Globalization.CultureInfo.InvariantCulture) + pathSuffix);

    public static RestRoute Global(HttpMethod method, string path) => new(method, method.Method + " /" + path, "", path);
}
