using System.Diagnostics;

namespace AndyAI.Discord.Hosting;

/// <summary>
/// The Discord side of an answer's trace: a <c>gateway MESSAGE_CREATE</c> span when a mention or DM arrives, the
/// subscriber's <c>handle</c> span under it (the cog's work, model call and replies nest below), and a
/// <c>REST {route}</c> span per request. Without a listener (no OTLP endpoint) no activity is ever created.
/// </summary>
public static class DiscordTracing
{
    /// <summary>The activity source name (<c>AndyAI.Discord</c>).</summary>
    public const string SourceName = "AndyAI.Discord";

    // One source for the client's REST spans and the hosting layer's spans.
    internal static ActivitySource Source => AndyAI.Discord.Rest.DiscordRestClient.Tracing;
}
