namespace AndyAI.Cogs.MessageHandler;

/// <summary>Turns a message's content into the prompt: the bot's mention tokens removed, whitespace trimmed.</summary>
internal static class PromptExtractor
{
    /// <summary>
    /// Removes every <c>&lt;@botId&gt;</c>, <c>&lt;@!botId&gt;</c> and (when known) <c>&lt;@&amp;botRoleId&gt;</c>; other
    /// mentions stay, since the question may be about those users. Two spaces left around a removed token become one, a
    /// space left before punctuation goes ("thanks!"), and a comma or colon addressing the bot at the start goes too.
    /// </summary>
    public static string Extract(string content, ulong botUserId, ulong? botRoleId)
    {
        ArgumentNullException.ThrowIfNull(content);
        int first = content.IndexOf("<@", StringComparison.Ordinal);
        if (first < 0)
        {
            return content.Trim();
        }

        var builder = new System.Text.StringBuilder(content.Length);
        int i = 0;
        while (i < content.Length)
        {
            int open = content.IndexOf("<@", i, StringComparison.Ordinal);
            if (open < 0)
            {
                builder.Append(content, i, content.Length - i);
                break;
            }

            builder.Append(content, i, open - i);
            int tokenEnd = MatchBotMention(content, open, botUserId, botRoleId);
            if (tokenEnd < 0)
            {
                builder.Append("<@");
                i = open + 2;
                continue;
            }

            i = tokenEnd;
            // "hey <@1> there" reads "hey there", not "hey  there".
            if (builder.Length > 0 && builder[^1] == ' ')
            {
                while (i < content.Length && content[i] == ' ')
                {
                    i++;
                }
            }

            // "thanks <@1>!" reads "thanks!", not "thanks !"; "<@1>, what is…" (the bot addressed by name) reads "what is…".
            int next = i;
            while (next < content.Length && content[next] == ' ')
            {
                next++;
            }

            if (next < content.Length && content[next] is ',' or '.' or '!' or '?' or ';' or ':')
            {
                if (IsBlank(builder))
                {
                    if (content[next] is ',' or ':')
                    {
                        i = next + 1;
                    }
                }
                else
                {
                    while (builder[^1] == ' ')
                    {
                        builder.Length--;
                    }

                    i = next;
                }
            }
        }

        return builder.ToString().Trim();
    }

    private static bool IsBlank(System.Text.StringBuilder builder)
    {
        foreach (ReadOnlyMemory<char> chunk in builder.GetChunks())
        {
            if (!chunk.Span.IsWhiteSpace())
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The index after the token when a bot mention starts at <paramref name="open"/>; otherwise -1.</summary>
    private static int MatchBotMention(string content, int open, ulong botUserId, ulong? botRoleId)
    {
        int i = open + 2;
        bool isRole = false;
        if (i < content.Length && content[i] == '!')
        {
            i++;
        }
        else if (i < content.Length && content[i] == '&')
        {
            isRole = true;
            i++;
        }

        int digitsStart = i;
        while (i < content.Length && char.IsAsciiDigit(content[i]))
        {
            i++;
        }

        if (i == digitsStart || i >= content.Length || content[i] != '>')
        {
            return -1;
        }

        if (!ulong.TryParse(content.AsSpan(digitsStart, i - digitsStart), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong id))
        {
            return -1;
        }

        bool matches = isRole ? botRoleId is { } role && role == id : id == botUserId;
        return matches ? i + 1 : -1;
    }
}
