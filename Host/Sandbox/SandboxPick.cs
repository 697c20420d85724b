using System.Globalization;
using AndyAI.Emulator;

namespace AndyAI.Host.Sandbox;

/// <summary>
/// Select menus in the sandbox chat: how one is listed under the bot's message, and what <c>:pick n …</c> typed into
/// it sends (a string menu's entries by label or value; members, roles and channels as <c>@name</c>, <c>#name</c> or ids).
/// What is typed is the whole pick, as what a user leaves ticked is in Discord: it replaces the menu's default values.
/// </summary>
internal static class SandboxPick
{
    /// <summary>
    /// One menu as listed: <c>Colours: Red, Blue (pick 0 to 2)</c>, <c>a channel (pick 1)</c>; a menu with default
    /// values says what is already picked as <c>:pick</c> takes it back (<c>(pick 1; already picked: #general)</c>):
    /// names from <paramref name="findName"/>, ids when it has none.
    /// </summary>
    public static string Describe(EmulatorSelectMenu menu, Func<ulong, string?>? findName = null)
    {
        ArgumentNullException.ThrowIfNull(menu);
        string what = menu.Type switch
        {
            5 => "a member, as @name",
            6 => "a role, as @name",
            7 => "a member or role, as @name",
            8 => "a channel, as #name",
            _ => string.Join(", ", menu.Options.Select(o => o.Label)),
        };
        string count = menu.MinValues == menu.MaxValues
            ? $"pick {menu.MaxValues.ToString(CultureInfo.InvariantCulture)}"
            : $"pick {menu.MinValues.ToString(CultureInfo.InvariantCulture)} to {menu.MaxValues.ToString(CultureInfo.InvariantCulture)}";
        string picked = menu.DefaultValues.Count == 0 ? "" : "; already picked: " + string.Join(", ", menu.DefaultValues.Select(d => Picked(d.Id, d.Type, findName)));
        return $"{(menu.Placeholder is { Length: > 0 } placeholder ? placeholder + ": " : "")}{what} ({count}{picked}{(menu.Disabled ? ", disabled" : "")})";
    }

    // A default value as :pick takes it: @name for users and roles, #name for channels, the id when nothing has it
    // (or the name holds a space or comma, which :pick would split).
    private static string Picked(ulong id, string type, Func<ulong, string?>? findName)
    {
        string? name = findName?.Invoke(id);
        if (name is not { Length: > 0 } || name.AsSpan().IndexOfAny(' ', ',') >= 0) return id.ToString(CultureInfo.InvariantCulture);
        return (type == "channel" ? "#" : "@") + name;
    }

    /// <summary>
    /// The values <paramref name="typed"/> stands for in <paramref name="menu"/>: for a string menu the whole text as
    /// one entry, else its comma- or space-separated parts, each an entry's label or value (any case); for the others,
    /// <c>@name</c>/<c>#name</c> (through <paramref name="mentionMarkup"/>, as Discord's client suggests them) or ids.
    /// </summary>
    public static bool TryResolve(EmulatorSelectMenu menu, string typed, Func<string, string?> mentionMarkup, out IReadOnlyList<string> values, out string? error)
    {
        ArgumentNullException.ThrowIfNull(menu);
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(mentionMarkup);
        values = [];
        error = null;
        string text = typed.Trim();
        if (text.Length == 0) return true;
        if (menu.Type == 3)
        {
            if (Entry(menu, text) is { } whole)
            {
                values = [whole];
                return true;
            }

            var entries = new List<string>();
            foreach (string part in Split(text))
            {
                if (Entry(menu, part) is not { } value)
                {
                    error = $"the menu has no entry '{part}'; it offers {string.Join(", ", menu.Options.Select(o => o.Label))}";
                    return false;
                }

                entries.Add(value);
            }

            values = entries;
            return true;
        }

        var ids = new List<string>();
        foreach (string part in Split(text))
        {
            if (Id(part, mentionMarkup) is not { } id)
            {
                error = $"nothing is named '{part}' (members and roles as @name, channels as #name)";
                return false;
            }

            ids.Add(id);
        }

        values = ids;
        return true;
    }

    private static string? Entry(EmulatorSelectMenu menu, string typed)
    {
        foreach (StringComparison comparison in (ReadOnlySpan<StringComparison>)[StringComparison.Ordinal, StringComparison.OrdinalIgnoreCase])
        {
            foreach ((string label, string value) in menu.Options)
            {
                if (string.Equals(value, typed, comparison) || string.Equals(label, typed, comparison)) return value;
            }
        }

        return null;
    }

    private static string[] Split(string text) =>
        text.Split(text.Contains(',', StringComparison.Ordinal) ? [','] : [' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? Id(string part, Func<string, string?> mentionMarkup)
    {
        if (ulong.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out _)) return part;
        string? markup = part[0] is '@' or '#' ? mentionMarkup(part) : mentionMarkup("@" + part) ?? mentionMarkup("#" + part);
        // <@id>, <@&id> or <#id>
        return markup is { Length: > 3 } ? markup.TrimStart('<', '@', '&', '#').TrimEnd('>') : null;
    }
}
