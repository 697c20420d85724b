using System.Diagnostics;
using System.Globalization;

namespace AndyAI.Cogs.MessageHandler;

/// <summary>
/// Splits an answer into Discord messages of at most <c>maxLength</c> characters: at a paragraph break, else a line
/// break, else a space, else anywhere (never inside a grapheme cluster: a surrogate pair, a letter and its combining marks, an emoji sequence). A code block cut by a
/// split is closed at the end of one message and reopened, with its language tag, at the start of the next.
/// </summary>
/// <remarks>
/// Code blocks follow Discord's own markdown, not CommonMark: every <c>```</c> opens or closes a block wherever it
/// stands, and a language tag is the word right after an opening <c>```</c> when a line break follows it.
/// A boundary is only taken in the second half of the window, so no message is much shorter than it has to be.
/// </remarks>
internal static class MessageSplitter
{
    internal const string Fence = "```";

    // Longer "language tags" are not tags Discord highlights; reopening with them would eat the budget.
    private const int MaxLanguageLength = 32;

    /// <summary>The messages; empty when <paramref name="text"/> is empty or whitespace.</summary>
    public static List<string> Split(string text, int maxLength = 2000)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Room for a reopened fence with a full-length tag, a closing fence, and some text.
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 64);

        var chunks = new List<string>();
        int position = SkipLineBreaks(text, 0);
        string? openLanguage = null; // non-null: a code block is open at `position`, with this tag ("" = none)

        while (position < text.Length)
        {
            string prefix = openLanguage is null ? "" : Fence + openLanguage + "\n";
            int remaining = text.Length - position;

            if (prefix.Length + remaining <= maxLength)
            {
                string last = prefix + text.AsSpan(position).TrimEnd().ToString();
                if (last.Length > prefix.Length)
                {
                    chunks.Add(last);
                }

                break;
            }

            // Reserve room for "\n```" in case the message ends inside a code block.
            int budget = maxLength - prefix.Length - (Fence.Length + 1);
            Debug.Assert(budget > 0);
            (int cut, int next) = FindCut(text, position, budget);

            cut = AvoidCuttingAfterOpeningFence(text, position, cut, openLanguage is not null, ref next);

            string body = text.AsSpan(position, cut - position).TrimEnd().ToString();
            string? languageAtCut = ScanFences(text, position, cut, openLanguage);
            string chunk = prefix + body;
            if (languageAtCut is not null)
            {
                chunk += chunk.EndsWith('\n') ? Fence : "\n" + Fence;
            }

            Debug.Assert(chunk.Length <= maxLength);
            if (body.Length > 0)
            {
                chunks.Add(chunk);
            }

            openLanguage = languageAtCut;
            position = next;
        }

        return chunks;
    }

    /// <summary>
    /// The fence (with its language tag) that reopens the code block <paramref name="before"/> ends inside, for text
    /// that continues it in a message of its own; "" when <paramref name="before"/> ends outside code.
    /// </summary>
    public static string ReopenedCodeBlock(string before)
    {
        ArgumentNullException.ThrowIfNull(before);
        return ScanFences(before, 0, before.Length, null) is { } language ? Fence + language + "\n" : "";
    }

    /// <summary><paramref name="text"/> with a closing fence on a line of its own when it ends inside a code block.</summary>
    public static string CloseOpenCodeBlock(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (HasBalancedFences(text))
        {
            return text;
        }

        string trimmed = text.TrimEnd();
        return trimmed + "\n" + Fence;
    }

    /// <summary>Whether every message has its code blocks closed (an even number of fences).</summary>
    public static bool HasBalancedFences(string message) => CountFences(message) % 2 == 0;

    internal static int CountFences(ReadOnlySpan<char> message)
    {
        int count = 0;
        for (int i = message.IndexOf(Fence); i >= 0; i = message.IndexOf(Fence))
        {
            count++;
            message = message[(i + Fence.Length)..];
        }

        return count;
    }

    /// <summary>
    /// Where the message ends (<c>cut</c>, exclusive) and where the next one starts (<c>next</c>), looking at most
    /// <paramref name="budget"/> characters ahead of <paramref name="start"/>.
    /// </summary>
    private static (int Cut, int Next) FindCut(string text, int start, int budget)
    {
        int windowEnd = start + budget; // exclusive; text is known to be longer than this
        int minimum = start + (budget / 2);

        // The separator may straddle the window's end: a break right at the limit still counts.
        int paragraph = text.AsSpan(start, Math.Min(budget + 1, text.Length - start)).LastIndexOf("\n\n");
        if (paragraph >= 0 && start + paragraph >= minimum)
        {
            int cut = start + paragraph;
            return (cut, SkipLineBreaks(text, cut));
        }

        int line = text.AsSpan(start, Math.Min(budget + 1, text.Length - start)).LastIndexOf('\n');
        if (line >= 0 && start + line >= minimum)
        {
            int cut = start + line;
            return (cut, SkipLineBreaks(text, cut));
        }

        for (int i = Math.Min(windowEnd, text.Length - 1); i >= minimum; i--)
        {
            if (text[i] is ' ' or '\t')
            {
                return (i, i + 1);
            }
        }

        int hard = BackOffFromTextElementMiddle(text, start, windowEnd);
        return (hard, hard);
    }

    /// <summary>Moves a hard cut back so it splits neither a grapheme cluster nor a run of backticks.</summary>
    /// <remarks>
    /// A grapheme cluster is what a reader sees as one character: a letter with its combining marks, but also a ZWJ
    /// family emoji, a flag (two regional indicators) or an emoji with a skin tone. Cut inside one, both messages
    /// show broken pieces (a lone flag letter, a bare ZWJ). Clusters are walked from the message's start, so the cut
    /// lands on a boundary the text itself defines (UAX #29, as <see cref="StringInfo"/> implements it).
    /// </remarks>
    private static int BackOffFromTextElementMiddle(string text, int start, int cut)
    {
        int boundary = start;
        while (boundary < cut)
        {
            int length = StringInfo.GetNextTextElementLength(text.AsSpan(boundary));
            if (boundary + length > cut)
            {
                break;
            }

            boundary += length;
        }

        if (boundary == start)
        {
            // One cluster longer than a whole message (a pathological run of combining marks): settle for not
            // splitting a surrogate pair.
            boundary = cut;
            if (char.IsLowSurrogate(text[boundary]) && char.IsHighSurrogate(text[boundary - 1]))
            {
                boundary--;
            }
        }

        while (boundary - 1 > start && text[boundary] == '`' && text[boundary - 1] == '`')
        {
            boundary--;
        }

        return boundary;
    }

    /// <summary>
    /// A message that would end with an opening fence whose block has no content yet (or whose tag is still being
    /// written) is cut before that fence instead, so the block starts whole in the next message.
    /// </summary>
    private static int AvoidCuttingAfterOpeningFence(string text, int start, int cut, bool openAtStart, ref int next)
    {
        int lastFence = text.AsSpan(start, cut - start).LastIndexOf(Fence);
        if (lastFence < 0)
        {
            return cut;
        }

        int fenceAt = start + lastFence;
        bool opensBlock = (CountFences(text.AsSpan(start, fenceAt - start)) % 2 == 0) != openAtStart;
        if (!opensBlock)
        {
            return cut;
        }

        ReadOnlySpan<char> afterFence = text.AsSpan(fenceAt + Fence.Length, cut - fenceAt - Fence.Length);
        int newline = afterFence.IndexOf('\n');
        bool hasContent = newline >= 0 && !afterFence[(newline + 1)..].IsWhiteSpace();
        if (hasContent || (newline < 0 && afterFence.Length > 0 && !IsLanguageTag(afterFence)))
        {
            return cut; // "```inline code" without a line break, or a block with content: fine to close and reopen
        }

        int newCut = fenceAt;
        while (newCut > start && text[newCut - 1] is ' ' or '\t' or '\n' or '\r')
        {
            newCut--;
        }

        if (newCut <= start)
        {
            return cut; // the block starts the message: nothing better to do
        }

        next = fenceAt;
        return newCut;
    }

    /// <summary>
    /// Walks the fences in [start, end) and returns the language of the block open at <paramref name="end"/>
    /// ("" when it has none), or <see langword="null"/> when no block is open there.
    /// </summary>
    private static string? ScanFences(string text, int start, int end, string? openLanguage)
    {
        int i = start;
        while (true)
        {
            int found = text.AsSpan(i, end - i).IndexOf(Fence);
            if (found < 0)
            {
                return openLanguage;
            }

            int fenceAt = i + found;
            if (openLanguage is null)
            {
                openLanguage = ReadLanguage(text, fenceAt + Fence.Length, end);
            }
            else
            {
                openLanguage = null;
            }

            i = fenceAt + Fence.Length;
        }
    }

    private static string ReadLanguage(string text, int from, int end)
    {
        int lineEnd = text.IndexOf('\n', from);
        if (lineEnd < 0 || lineEnd > end)
        {
            // The tag's line is not complete inside this message; Discord would not treat it as a tag either.
            return "";
        }

        ReadOnlySpan<char> tag = text.AsSpan(from, lineEnd - from).TrimEnd('\r');
        return tag.Length is > 0 and <= MaxLanguageLength && IsLanguageTag(tag) ? tag.ToString() : "";
    }

    // Discord highlights ```tag\n when the tag matches [a-z0-9_+\-.#]+ (case-insensitive).
    private static bool IsLanguageTag(ReadOnlySpan<char> tag)
    {
        foreach (char c in tag)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '-' or '.' or '#'))
            {
                return false;
            }
        }

        return tag.Length > 0;
    }

    private static int SkipLineBreaks(string text, int index)
    {
        while (index < text.Length && text[index] is '\n' or '\r')
        {
            index++;
        }

        return index;
    }
}
