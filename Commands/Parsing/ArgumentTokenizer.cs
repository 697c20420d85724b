namespace AndyAI.Commands.Parsing;

/// <summary>
/// Splits a command's argument text into words and "quoted strings". Inside quotes, <c>\"</c> is a quote and
/// <c>\\</c> a backslash; typographic quotes (“…”) from phone keyboards work too. Outside quotes text is taken as is.
/// </summary>
internal struct ArgumentTokenizer(string text, int position)
{
    private int _position = position;

    /// <summary>Skips whitespace and says whether any text is left.</summary>
    public bool HasMore()
    {
        while (_position < text.Length && char.IsWhiteSpace(text[_position]))
        {
            _position++;
        }

        return _position < text.Length;
    }

    /// <summary>Reads the next word or quoted string; <see langword="false"/> when a quote is not closed.</summary>
    public bool TryReadToken(out string token)
    {
        if (!HasMore())
        {
            token = "";
            return true;
        }

        char first = text[_position];
        if (first is not ('"' or '“'))
        {
            int start = _position;
            while (_position < text.Length && !char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }

            token = text[start.._position];
            return true;
        }

        var builder = new System.Text.StringBuilder();
        for (int i = _position + 1; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '”')
            {
                builder.Append(text[++i]);
            }
            else if (c is '"' or '”')
            {
                _position = i + 1;
                token = builder.ToString();
                return true;
            }
            else
            {
                builder.Append(c);
            }
        }

        token = "";
        return false;
    }

    /// <summary>The rest of the line verbatim, without surrounding whitespace (empty when nothing is left).</summary>
    public string ReadRemainder()
    {
        if (!HasMore())
        {
            return "";
        }

        string rest = text[_position..].TrimEnd();
        _position = text.Length;
        return rest;
    }
}
