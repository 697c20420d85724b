namespace AndyAI.Cogs.MessageHandler;

/// <summary>
/// Breaks <c>@everyone</c> and <c>@here</c> in model output with a zero-width space. The host already sends every
/// message with an empty <c>allowed_mentions.parse</c>, so nothing pings; this is the second lock, for a client or
/// proxy that ignores allowed_mentions, and it keeps the text from looking like a ping.
/// </summary>
internal static class MassMentionDefuser
{
    private const string ZeroWidthSpace = "\u200B";

    public static string Defuse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains("@everyone", StringComparison.Ordinal) && !text.Contains("@here", StringComparison.Ordinal))
        {
            return text;
        }

        return text.Replace("@everyone", "@" + ZeroWidthSpace + "everyone", StringComparison.Ordinal)
                   .Replace("@here", "@" + ZeroWidthSpace + "here", StringComparison.Ordinal);
    }
}
