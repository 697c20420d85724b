using System.Globalization;

namespace AndyAI.Host.Cogs;

/// <summary>
/// The one rule for a cog's name wherever it enters: folder and DLL names in run/plugins/, plugins.json (<c>cogs</c>
/// keys, <c>loadOrder</c>), <c>!load</c>/<c>!reload</c>/<c>!unload</c> arguments and <see cref="AndyAI.Abstractions.ICog.Name"/>.
/// A name becomes a path (run/plugins/&lt;name&gt;, run/data/&lt;name&gt;, the shadow copy), so it is a plain file name:
/// letters and digits, then letters, digits, '.', '-' or '_', at most 64 characters, no "..".
/// </summary>
internal static class CogNames
{
    public const int MaxLength = 64;

    /// <summary>Why <paramref name="name"/> is not a valid cog name, or null when it is.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "a cog name must not be empty";
        string shown = Show(name);
        if (name.Length > MaxLength) return $"the cog name '{shown}' is longer than {MaxLength} characters";
        if (!char.IsLetterOrDigit(name[0])) return $"the cog name '{shown}' must start with a letter or a digit";
        if (name.Contains("..", StringComparison.Ordinal)) return $"the cog name '{shown}' must not contain \"..\"";
        foreach (char c in name)
        {
            if (!char.IsLetterOrDigit(c) && c is not ('.' or '-' or '_'))
            {
                return $"the cog name '{shown}' may only contain letters, digits, '.', '-' and '_' (found {Describe(c)})";
            }
        }

        return null;
    }

    public static bool IsValid(string? name) => Problem(name) is null;

    /// <summary>The name as it can be shown in a log line or a reply: control characters escaped, cut at a sane length.</summary>
    public static string Show(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var shown = new System.Text.StringBuilder(Math.Min(name.Length, MaxLength + 1));
        foreach (char c in name)
        {
            if (shown.Length >= MaxLength)
            {
                shown.Append('…');
                break;
            }

            shown.Append(char.IsControl(c) ? '?' : c);
        }

        return shown.ToString();
    }

    private static string Describe(char c) => c switch
    {
        '/' or '\\' => $"a path separator '{c}'",
        _ when char.IsControl(c) => string.Create(CultureInfo.InvariantCulture, $"the control character U+{(int)c:X4}"),
        ' ' => "a space",
        _ => $"'{c}'",
    };
}
