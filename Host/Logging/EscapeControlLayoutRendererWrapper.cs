using System.Globalization;
using System.Text;
using NLog.LayoutRenderers.Wrappers;

namespace AndyAI.Host.Logging;

/// <summary>
/// <c>${escape-control:inner=${message}}</c>: writes line breaks and other control characters of the inner text as
/// visible escapes (<c>\n</c>, <c>\r</c>, <c>\u001B</c>), so text a user controls (a username, a prompt logged with
/// <c>logContent</c>, a custom id) can neither start a forged log line nor send terminal escape sequences to the
/// console. Tabs stay; Unicode line and paragraph separators and bidirectional overrides are escaped too (they
/// break or reorder a line in viewers). The JSON format needs none of it: JSON escapes every control character.
/// </summary>
internal sealed class EscapeControlLayoutRendererWrapper : WrapperLayoutRendererBase
{
    public const string Name = "escape-control";

    protected override string Transform(string text) => Escape(text);

    /// <summary>The text with every character <see cref="NeedsEscape"/> finds written as an escape.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int first = 0;
        while (first < text.Length && !NeedsEscape(text[first]))
        {
            first++;
        }

        if (first == text.Length)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        escaped.Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '\n':
                    escaped.Append("\\n");
                    break;
                case '\r':
                    escaped.Append("\\r");
                    break;
                case var _ when NeedsEscape(c):
                    escaped.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }

        return escaped.ToString();
    }

    private static bool NeedsEscape(char c) =>
        (char.IsControl(c) && c != '\t')
        || c is '\u2028' or '\u2029'                 // line and paragraph separators
        || c is >= '\u202A' and <= '\u202E'          // bidirectional embeddings and overrides
        || c is >= '\u2066' and <= '\u2069';         // bidirectional isolates
}
