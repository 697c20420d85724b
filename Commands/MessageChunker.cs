using AndyAI.Abstractions.Discord;

namespace AndyAI.Commands;

/// <summary>Splits a long reply into Discord-sized messages, at line breaks where possible, so nothing is cut off.</summary>
internal static class MessageChunker
{
    public static IEnumerable<string> Split(string content, int maxLength = OutgoingMessage.MaxContentLength)
    {
        int start = 0;
        while (content.Length - start > maxLength)
        {
            ReadOnlySpan<char> window = content.AsSpan(start, maxLength);
            int cut = window.LastIndexOf('\n');
            if (cut <= 0)
            {
                cut = window.LastIndexOf(' ');
            }

            if (cut <= 0)
            {
                cut = maxLength;
                if (char.IsHighSurrogate(content[start + cut - 1]))
                {
                    cut--; // never split a surrogate pair
                }
            }

            yield return content.Substring(start, cut);
            start += cut;
            while (start < content.Length && content[start] is '\n' or ' ')
            {
                start++;
            }
        }

        if (start < content.Length)
        {
            yield return content[start..];
        }
    }
}
