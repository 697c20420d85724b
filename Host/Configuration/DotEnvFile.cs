using System.Text;

namespace AndyAI.Host.Configuration;

/// <summary>
/// Reads a <c>.env</c> file: <c>KEY=VALUE</c> lines, <c>#</c> comments, an optional <c>export </c> prefix,
/// single-quoted values taken literally, double-quoted values with <c>\n \r \t \" \\</c> escapes (they may span
/// lines), and unquoted values whose trailing <c> # comment</c> is dropped. A later line wins over an earlier one.
/// </summary>
internal static class DotEnvFile
{
    /// <summary>Parses the text of a .env file.</summary>
    /// <param name="text">The file's content.</param>
    /// <param name="sourceName">The name used in error messages (for example the file's path).</param>
    /// <exception cref="ConfigurationException">A line is malformed; the message names the source and line.</exception>
    public static IReadOnlyDictionary<string, string> Parse(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] lines = text.ReplaceLineEndings("\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int lineNumber = i + 1;
            ReadOnlySpan<char> line = lines[i].AsSpan().Trim();
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }

            int equals = line.IndexOf('=');
            if (equals < 0)
            {
                throw Error(sourceName, lineNumber, "expected KEY=VALUE");
            }

            string key = line[..equals].Trim().ToString();
            if (!IsValidKey(key))
            {
                throw Error(sourceName, lineNumber, $"'{Truncate(key)}' is not a valid variable name (letters, digits, '_' and '.', not starting with a digit)");
            }

            ReadOnlySpan<char> rest = line[(equals + 1)..].TrimStart();
            string value;
            if (!rest.IsEmpty && rest[0] == '"')
            {
                value = ReadDoubleQuoted(lines, ref i, rest, sourceName);
            }
            else if (!rest.IsEmpty && rest[0] == '\'')
            {
                int close = rest[1..].IndexOf('\'');
                if (close < 0)
                {
                    throw Error(sourceName, lineNumber, $"the single-quoted value of {key} is not closed on this line");
                }

                value = rest.Slice(1, close).ToString();
                EnsureOnlyComment(rest[(close + 2)..], sourceName, lineNumber, key);
            }
            else
            {
                value = StripInlineComment(rest).ToString();
            }

            values[key] = value;
        }

        return values;
    }

    /// <summary>Reads and parses a file; a missing file gives no values.</summary>
    /// <exception cref="ConfigurationException">The file cannot be read or a line is malformed.</exception>
    public static IReadOnlyDictionary<string, string> Load(string path)
    {
        if (!File.Exists(path))
        {
            return new Dictionary<string, string>();
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{path}: cannot be read ({ex.Message})", ex);
        }

        return Parse(text, path);
    }

    private static string ReadDoubleQuoted(string[] lines, ref int lineIndex, ReadOnlySpan<char> rest, string sourceName)
    {
        int startLine = lineIndex + 1;
        var value = new StringBuilder();
        ReadOnlySpan<char> span = rest[1..];
        while (true)
        {
            for (int j = 0; j < span.Length; j++)
            {
                char c = span[j];
                if (c == '\\' && j + 1 < span.Length)
                {
                    j++;
                    value.Append(span[j] switch
                    {
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        '"' => '"',
                        '\\' => '\\',
                        '$' => '$',
                        char other => throw Error(sourceName, lineIndex + 1, $"unknown escape '\\{other}' in a double-quoted value"),
                    });
                }
                else if (c == '"')
                {
                    EnsureOnlyComment(span[(j + 1)..], sourceName, lineIndex + 1, null);
                    return value.ToString();
                }
                else
                {
                    value.Append(c);
                }
            }

            // The closing quote is on a later line: the value spans lines (PEM keys, long prompts).
            lineIndex++;
            if (lineIndex >= lines.Length)
            {
                throw Error(sourceName, startLine, "a double-quoted value is never closed");
            }

            value.Append('\n');
            span = lines[lineIndex].AsSpan().TrimEnd('\r');
        }
    }

    private static void EnsureOnlyComment(ReadOnlySpan<char> afterValue, string sourceName, int lineNumber, string? key)
    {
        ReadOnlySpan<char> trimmed = afterValue.Trim();
        if (!trimmed.IsEmpty && trimmed[0] != '#')
        {
            string what = key is null ? "a quoted value" : $"the quoted value of {key}";
            throw Error(sourceName, lineNumber, $"unexpected text after {what}");
        }
    }

    // "abc # note" drops the note; "abc#def" keeps the '#': a comment needs whitespace before it, as in shells.
    private static ReadOnlySpan<char> StripInlineComment(ReadOnlySpan<char> value)
    {
        for (int i = 1; i < value.Length; i++)
        {
            if (value[i] == '#' && char.IsWhiteSpace(value[i - 1]))
            {
                return value[..i].TrimEnd();
            }
        }

        return value.Length > 0 && value[0] == '#' ? [] : value.TrimEnd();
    }

    private static bool IsValidKey(string key)
    {
        if (key.Length == 0 || char.IsAsciiDigit(key[0]))
        {
            return false;
        }

        foreach (char c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '.')
            {
                return false;
            }
        }

        return true;
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static ConfigurationException Error(string sourceName, int lineNumber, string problem) =>
        new($"{sourceName}, line {lineNumber}: {problem}");
}
