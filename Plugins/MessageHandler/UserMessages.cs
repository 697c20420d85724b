using System.Globalization;
using AndyAI.Abstractions.Llm;

namespace AndyAI.Cogs.MessageHandler;

/// <summary>
/// Everything the cog says to users besides answers. Short, and never carrying a stack trace, URL, key, status
/// code or internal name: those go to the log.
/// </summary>
internal static class UserMessages
{
    public const string DiscordFailure = "Sorry, I couldn't post my answer. Please try again in a moment.";
    public const string UnexpectedFailure = "Sorry, something went wrong while answering. Please try again.";
    public const string EmptyAnswer = "I came up empty on that one. Could you rephrase the question?";
    public const string RestartedWhileAnswering = "I was restarted while answering — please ask again.";
    public const string CutByRestart = "*(cut off: I was restarted while answering — please ask again)*";
    public const string EmptyQuestion = "Your question was empty. Please write one.";
    public const string NotAnsweredHere = "I don't answer questions here.";
    public const string OnlyTheAsker = "Only the person who asked can use these buttons.";
    public const string ButtonExpired = "This button has expired. Ask again with `/ask`.";
    public const string AlreadyFinished = "That answer is already finished.";
    public const string RestartingNow = "I'm restarting right now — please ask again in a moment.";

    /// <summary>At most this many of a server's AI channels are named in a refusal; a longer list ends with "…".</summary>
    private const int ChannelsNamed = 10;

    /// <summary><see cref="NotAnsweredHere"/> in a server that limited the AI to some channels, naming them (as mentions, which never ping).</summary>
    public static string NotAnsweredHereAskIn(IReadOnlyList<ulong> channelIds)
    {
        ArgumentNullException.ThrowIfNull(channelIds);
        if (channelIds.Count == 0)
        {
            return NotAnsweredHere;
        }

        string named = string.Join(", ", channelIds.Take(ChannelsNamed).Select(id => string.Create(CultureInfo.InvariantCulture, $"<#{id}>")));
        return $"{NotAnsweredHere} In this server I answer in {named}{(channelIds.Count > ChannelsNamed ? ", …" : "")}.";
    }

    public const string NoAccess = "Sorry, the AI is for members with certain roles in this server, and you have none of them.";

    /// <summary>The last line of a mention's answer that the model's output limit cut short.</summary>
    public const string CutAtLengthLimit = "The answer reached its length limit and stops here. Ask me to \"continue\" for the rest.";

    /// <summary>The last line of an answer the fallback model wrote.</summary>
    public static string FromFallback(string? model) =>
        $"Answered by the fallback model{(model is null ? "" : $" ({model})")}: the usual one is unavailable right now.";

    public static string UsageHint(string botName, bool isDirectMessage) => isDirectMessage
        ? "Send me a question, for example: what is a token bucket?"
        : $"Mention me with a question, for example: @{botName} what is a token bucket?";

    public static string PromptTooLong(int length, int limit) =>
        string.Create(CultureInfo.InvariantCulture, $"Your question is {length:N0} characters long; the limit is {limit:N0}. Please shorten it.");

    public static string UserCooldown(TimeSpan retryAfter) =>
        $"You're asking too quickly. Please try again in {FormatWait(retryAfter)}.";

    public static string GuildCooldown(TimeSpan retryAfter) =>
        $"This server is asking a lot right now. Please try again in {FormatWait(retryAfter)}.";

    /// <param name="inGuild">Asked in a server, where the server's quota may be the one used up.</param>
    public static string ForOutcome(LlmResult result, bool inGuild)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Outcome switch
        {
            LlmOutcome.Unauthorized => "Sorry, I can't reach my language model: it isn't set up correctly. Please let the bot's admin know.",
            LlmOutcome.RateLimited => result.RetryAfter is { } wait && wait > TimeSpan.Zero
                ? $"My language model is busy right now. Please try again in {FormatWait(wait)}."
                : "My language model is busy right now. Please try again in a minute.",
            LlmOutcome.Timeout => "My language model is unavailable right now: it took too long to answer. Please try again later.",
            LlmOutcome.Unavailable => "My language model is unavailable right now. Please try again later.",
            LlmOutcome.BadRequest => "Sorry, my language model rejected that request. If it keeps happening, please let the bot's admin know.",
            LlmOutcome.Cancelled => "Your question was cancelled before I could answer. Please ask again.",
            LlmOutcome.QuotaExceeded => QuotaUsedUp(result.QuotaResetsAt, inGuild),
            _ => UnexpectedFailure,
        };
    }

    /// <summary>
    /// A user over their (or their server's) daily token quota; Discord shows the reset time in the reader's zone.
    /// In a server the refusal cannot say whose quota it was (the result does not tell), and "you've used up" would
    /// blame a member who asked nothing today when the server's own quota ran out; in a DM only the user's applies.
    /// </summary>
    public static string QuotaUsedUp(DateTimeOffset? resets, bool inGuild)
    {
        string usedUp = inGuild ? "Today's AI allowance is used up (your own, or this server's)." : "You've used up today's AI allowance.";
        return resets is { } at
            ? string.Create(CultureInfo.InvariantCulture, $"{usedUp} It resets <t:{at.ToUnixTimeSeconds()}:R> (<t:{at.ToUnixTimeSeconds()}:t>).")
            : $"{usedUp} It resets at midnight UTC.";
    }

    /// <summary>"12 s", "3 min", "2 h": rounded up, so "try again" is never too early.</summary>
    public static string FormatWait(TimeSpan wait)
    {
        double seconds = Math.Max(1, Math.Ceiling(wait.TotalSeconds));
        if (seconds < 120)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s");
        }

        double minutes = Math.Ceiling(seconds / 60);
        return minutes < 120
            ? string.Create(CultureInfo.InvariantCulture, $"{minutes:0} min")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(minutes / 60):0} h");
    }
}
