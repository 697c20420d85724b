namespace AndyAI.Discord.Rest;

/// <summary>A request target: the route template (rate-limit identity), its top-level resource id and the concrete path.</summary>
internal readonly record struct RestRoute(HttpMethod Method, string Template, string MajorId, string Path)
{
    public static RestRoute Channel(HttpMethod method, string templateSuffix, ulong channelId, string pathSuffix) =>
        new(method, method.Method + " /channels/{channel_id}" + templateSuffix, channelId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "channels/" + channelId.ToString(System.Globalization.CultureInfo.InvariantCulture) + pathSuffix);

    public static RestRoute Global(HttpMethod method, string path) => new(method, method.Method + " /" + path, "", path);
}
