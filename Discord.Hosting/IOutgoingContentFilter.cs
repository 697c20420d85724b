namespace AndyAI.Discord.Hosting;

/// <summary>
/// Rewrites the text of every message the bot sends or edits, just before it leaves (the host masks secrets with
/// it). Registered in the service collection, it is picked up by <c>AddDiscordBot</c>; none by default.
/// </summary>
public interface IOutgoingContentFilter
{
    /// <summary>The text to post instead of <paramref name="content"/>; the same string when nothing changes.</summary>
    string Apply(string content);
}
