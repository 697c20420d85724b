namespace AndyAI.Host.Cogs.Http;

/// <summary>
/// The path template of a cog's HTTP route (<c>builds/{id}/status</c>), parsed once when the route is mapped: literal
/// segments and <c>{name}</c> parameters, each matching one whole segment. Compiled into AndyAI.Testing too, so the
/// test kit's fake refuses and matches exactly as the host does.
/// </summary>
internal sealed class CogRouteTemplate
{
    public const int MaxLength = 200;
    public const int MaxSegments = 16;

    // Literal segments: RFC 3986's unreserved characters; anything else a cog needs goes in a parameter.
    private static readonly System.Buffers.SearchValues<char> LiteralCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~");

    private readonly string?[] _literals; // null where the segment is a parameter
    private readonly string?[] _names; // the parameter's name, null where the segment is a literal

    private CogRouteTemplate(string text, string?[] literals, string?[] names)
    {
        Text = text;
        _literals = literals;
        _names = names;
        Shape = string.Join('/', literals.Select(l => l is null ? "{}" : l.ToLowerInvariant()));
        int specificity = 0;
        for (int i = 0; i < literals.Length; i++)
        {
            specificity = (specificity << 1) | (literals[i] is null ? 0 : 1);
        }

        Specificity = specificity;
    }

    /// <summary>The template as mapped, without a leading slash.</summary>
    public string Text { get; }

    /// <summary>The paths it matches, as a key: literals in lower case, parameters as <c>{}</c>. Two templates of one shape match the same paths.</summary>
    public string Shape { get; }

    public int SegmentCount => _literals.Length;

    /// <summary>Higher for a template whose literals come earlier: of two templates matching a path, the higher wins (<c>a/b</c> over <c>a/{x}</c>, <c>a/{x}</c> over <c>{y}/b</c>).</summary>
    public int Specificity { get; }

    /// <exception cref="ArgumentException">What is wrong with <paramref name="template"/>.</exception>
    public static CogRouteTemplate Parse(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        string text = template.StartsWith('/') ? template[1..] : template;
        if (text.Length == 0)
        {
            throw new ArgumentException("A route template needs at least one segment under the cog's prefix (\"hook\", \"builds/{id}\").", nameof(template));
        }

        if (text.Length > MaxLength)
        {
            throw new ArgumentException($"The route template '{Shown(text)}' is longer than {MaxLength} characters.", nameof(template));
        }

        string[] segments = text.Split('/');
        if (segments.Length > MaxSegments)
        {
            throw new ArgumentException($"The route template '{text}' has {segments.Length} segments; at most {MaxSegments} are allowed.", nameof(template));
        }

        var literals = new string?[segments.Length];
        var names = new string?[segments.Length];
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < segments.Length; i++)
        {
            string segment = segments[i];
            if (segment.Length == 0)
            {
                throw new ArgumentException($"The route template '{text}' has an empty segment (a doubled or trailing '/').", nameof(template));
            }

            if (segment[0] == '{')
            {
                string name = segment.Length > 2 && segment[^1] == '}' ? segment[1..^1] : "";
                if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                {
                    throw new ArgumentException($"The route template '{text}' has the parameter '{segment}'; a parameter is a whole segment '{{name}}' whose name has letters, digits and '_'.", nameof(template));
                }

                if (!seen.Add(name))
                {
                    throw new ArgumentException($"The route template '{text}' names the parameter '{{{name}}}' twice.", nameof(template));
                }

                names[i] = name;
                continue;
            }

            int bad = segment.AsSpan().IndexOfAnyExcept(LiteralCharacters);
            if (bad >= 0)
            {
                throw new ArgumentException(
                    $"The route template '{Shown(text)}' has '{(char.IsControl(segment[bad]) ? '?' : segment[bad])}' in the segment '{Shown(segment)}'; a literal segment has letters, digits and '-._~' only (put anything else in a {{parameter}}).",
                    nameof(template));
            }

            if (segment is "." or "..")
            {
                throw new ArgumentException($"The route template '{text}' has the segment '{segment}', which clients resolve away.", nameof(template));
            }

            literals[i] = segment;
        }

        return new CogRouteTemplate(text, literals, names);
    }

    /// <summary>Whether <paramref name="segments"/> (the path under the cog's prefix, decoded) match; the parameters' values when they do.</summary>
    public bool TryMatch(IReadOnlyList<string> segments, out Dictionary<string, string>? values)
    {
        values = null;
        if (segments.Count != _literals.Length)
        {
            return false;
        }

        for (int i = 0; i < segments.Count; i++)
        {
            if (segments[i].Length == 0 || (_literals[i] is { } literal && !literal.Equals(segments[i], StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }
        }

        values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < segments.Count; i++)
        {
            if (_names[i] is { } name)
            {
                values[name] = segments[i];
            }
        }

        return true;
    }

    private static string Shown(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
