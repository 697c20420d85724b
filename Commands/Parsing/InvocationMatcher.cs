using System.Globalization;
using AndyAI.Abstractions.Discord;

namespace AndyAI.Commands.Parsing;

/// <summary>
/// Recognises <c>!name …</c> and <c>@bot name …</c> / <c>@bot !name …</c>. A mention followed by anything that is not
/// a known command name is not a command: it is a question for the cogs that answer mentions; so is <c>@bot name …</c>
/// (without the prefix) when what follows the name is not arguments the command takes.
/// </summary>
internal static class InvocationMatcher
{
    public static Invocation Match(CatalogSnapshot snapshot, string prefix, DiscordMessage message, ulong? botUserId)
    {
        string content = message.Content;
        if (content.StartsWith(prefix, StringComparison.Ordinal))
        {
            int nameStart = prefix.Length;
            int nameEnd = WordEnd(content, nameStart);
            return snapshot.TryGet(content.AsSpan(nameStart, nameEnd - nameStart), out RegisteredCommand command)
                ? new Invocation(InvocationKind.Command, command, content, nameStart, nameEnd)
                : Invocation.None;
        }

        if (!message.MentionsBot)
        {
            return Invocation.None;
        }

        int position = SkipWhitespace(content, 0);
        int afterMention = LeadingBotMentionEnd(content, position, botUserId, message.BotRoleId);
        if (afterMention < 0)
        {
            return Invocation.None;
        }

        position = SkipWhitespace(content, afterMention);
        bool prefixed = content.AsSpan(position).StartsWith(prefix, StringComparison.Ordinal);
        if (prefixed)
        {
            position += prefix.Length;
        }

        int end = WordEnd(content, position);
        if (snapshot.TryGet(content.AsSpan(position, end - position), out RegisteredCommand mentioned)
            && (prefixed || ArgumentsFit(mentioned, content, end)))
        {
            return new Invocation(InvocationKind.Command, mentioned, content, position, end);
        }

        // Only something that could have been a command name earns a hint; anything else is left to the answer-cogs.
        return prefixed && end > position && end - position <= CommandDefinitionValidator.MaxNameLength
            ? new Invocation(InvocationKind.UnknownAfterMention, null, content, position, end)
            : Invocation.None;
    }

    /// <summary>
    /// Whether the text after a bare <c>@bot name</c> is something the command takes. "@bot help me write a poem" or
    /// "@bot ping me when it's done" is a question that happens to start with a command's name: it belongs to the
    /// answer-cogs, not to a usage error. Without arguments it stays the command (its usage hint, if it needs some).
    /// </summary>
    private static bool ArgumentsFit(RegisteredCommand command, string content, int argumentsStart) =>
        content.AsSpan(argumentsStart).IsWhiteSpace()
        || ArgumentParser.TryParse(command.Definition.Parameters, content, argumentsStart, out _, out _);

    /// <summary>The index after a leading <c>&lt;@id&gt;</c>, <c>&lt;@!id&gt;</c> or <c>&lt;@&amp;roleId&gt;</c> naming the bot, or -1.</summary>
    private static int LeadingBotMentionEnd(string content, int start, ulong? botUserId, ulong? botRoleId)
    {
        ReadOnlySpan<char> text = content.AsSpan(start);
        if (!text.StartsWith("<@", StringComparison.Ordinal))
        {
            return -1;
        }

        int digitsStart = 2;
        bool isRole = false;
        if (text.Length > 2 && text[2] is '!' or '&')
        {
            isRole = text[2] == '&';
            digitsStart = 3;
        }

        int close = text.IndexOf('>');
        if (close <= digitsStart
            || !ulong.TryParse(text[digitsStart..close], NumberStyles.None, CultureInfo.InvariantCulture, out ulong id))
        {
            return -1;
        }

        bool isBot = isRole ? id == botRoleId : id == botUserId;
        return isBot ? start + close + 1 : -1;
    }

    private static int SkipWhitespace(string content, int position)
    {
        while (position < content.Length && char.IsWhiteSpace(content[position]))
        {
            position++;
        }

        return position;
    }

    private static int WordEnd(string content, int position)
    {
        while (position < content.Length && !char.IsWhiteSpace(content[position]))
        {
            position++;
        }

        return position;
    }
}
