using System.Text.RegularExpressions;
using AndyAI.Emulator;

namespace AndyAI.Host.Sandbox;

/// <summary>
/// The options of a slash command typed in the sandbox: first the subcommand (and group) names as words, as Discord's
/// client shows them (<c>/settings guild …</c>), then <c>name:value</c> pairs (a value runs to the next <c>name:</c>
/// of the command's own options), and text before the first pair goes to the first option, so
/// <c>/ask what is a monad? private:true</c> works as on Discord, where the first option is where you type.
/// </summary>
internal static class SandboxSlashCommand
{
    /// <summary>Parses <paramref name="text"/> (what follows <c>/command</c>) against the command's registered <paramref name="shape"/>.</summary>
    public static bool TryParse(string command, string text, IReadOnlyList<EmulatorSlashOption> shape, out IReadOnlyList<EmulatorCommandOption> options, out string? error)
    {
        options = [];
        if (!TryWalkSubcommands(command, text, shape, out string path, out List<string> chain, out IReadOnlyList<EmulatorSlashOption> level, out string rest, out error)
            || !TryParseOptions(path, rest, [.. level.Select(o => o.Name)], out IReadOnlyList<EmulatorCommandOption> leaf, out error))
        {
            return false;
        }

        options = Nest(chain, leaf);
        return true;
    }

    /// <summary>
    /// Parses what a user has typed so far into <paramref name="command"/> to ask for autocomplete suggestions: as
    /// <see cref="TryParse"/>, but the last option written is the one being typed in (its value may be empty:
    /// <c>city:</c>), as the cursor is in Discord's client; with no option written, the first one that autocompletes.
    /// </summary>
    /// <param name="command">The command's name.</param>
    /// <param name="text">What follows <c>/command</c>.</param>
    /// <param name="shape">The command's registered options.</param>
    /// <param name="options">The options to send, the one typed in marked <see cref="EmulatorCommandOption.Focused"/>.</param>
    /// <param name="focused">The option typed in, with its subcommand: <c>/forecast city</c>.</param>
    /// <param name="error">Why the line cannot be sent, or null.</param>
    /// <param name="focusedOption">The option typed in, as registered: one with fixed choices is listed by the client itself, not asked of the bot.</param>
    public static bool TryParseAutocomplete(string command, string text, IReadOnlyList<EmulatorSlashOption> shape,
        out IReadOnlyList<EmulatorCommandOption> options, out string focused, out string? error, out EmulatorSlashOption? focusedOption)
    {
        options = [];
        focused = "/" + command;
        focusedOption = null;
        if (!TryWalkSubcommands(command, text, shape, out string path, out List<string> chain, out IReadOnlyList<EmulatorSlashOption> level, out string rest, out error))
        {
            return false;
        }

        // What Discord's client suggests while typing: an autocomplete option's (asked of the bot), or its fixed choices.
        string[] completing = [.. level.Where(o => o.IsAutocomplete || o.ChoiceNames.Count > 0).Select(o => o.Name)];
        string these = completing.Length switch
        {
            0 => "none of its options has suggestions",
            1 => $"{completing[0]} does",
            _ => string.Join(", ", completing[..^1]) + " and " + completing[^1] + " do",
        };
        IReadOnlyList<EmulatorCommandOption> leaf;
        if (rest.Trim().Length == 0)
        {
            if (completing.Length == 0)
            {
                error = $"/{path}: {these}";
                return false;
            }

            leaf = [new EmulatorCommandOption(completing[0], "")];
        }
        else if (!TryParseOptions(path, rest, [.. level.Select(o => o.Name)], out leaf, out error, emptyLastValue: true))
        {
            return false;
        }

        EmulatorCommandOption typing = leaf[^1];
        if (!completing.Contains(typing.Name))
        {
            error = $"/{path} {typing.Name} has no suggestions; {these}";
            return false;
        }

        focused = $"/{path} {typing.Name}";
        focusedOption = level.First(o => o.Name == typing.Name);
        options = Nest(chain, [.. leaf.Take(leaf.Count - 1), typing with { Focused = true }]);
        return true;
    }

    // Discord's rule: a command's (or group's) options are all subcommands/groups, or none of them are. The
    // subcommand (and group) names come first, as words.
    private static bool TryWalkSubcommands(string command, string text, IReadOnlyList<EmulatorSlashOption> shape,
        out string path, out List<string> chain, out IReadOnlyList<EmulatorSlashOption> level, out string rest, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(shape);
        path = command;
        chain = [];
        level = shape;
        rest = text.Trim();
        error = null;
        while (level.Count > 0 && level.All(o => o.IsSubcommand))
        {
            int space = rest.IndexOfAny([' ', '\t']);
            string word = space < 0 ? rest : rest[..space];
            string choices = Choices(level);
            if (word.Length == 0)
            {
                error = $"/{path} needs one of {choices}";
                return false;
            }

            if (level.FirstOrDefault(o => string.Equals(o.Name, word, StringComparison.OrdinalIgnoreCase)) is not { } chosen)
            {
                error = $"/{path} has no {word}; it has {choices}";
                return false;
            }

            chain.Add(chosen.Name);
            path += " " + chosen.Name;
            rest = space < 0 ? "" : rest[(space + 1)..].Trim();
            level = chosen.Options;
        }

        return true;
    }

    private static IReadOnlyList<EmulatorCommandOption> Nest(List<string> chain, IReadOnlyList<EmulatorCommandOption> leaf)
    {
        for (int i = chain.Count - 1; i >= 0; i--)
        {
            leaf = [EmulatorCommandOption.SubCommand(chain[i], [.. leaf])];
        }

        return leaf;
    }

    private static string Choices(IReadOnlyList<EmulatorSlashOption> level) =>
        level.Count == 1 ? level[0].Name : string.Join(", ", level.Take(level.Count - 1).Select(o => o.Name)) + " or " + level[^1].Name;

    // emptyLastValue: for autocomplete, the last option may have no value yet ("city:").
    public static bool TryParseOptions(string command, string text, IReadOnlyList<string> optionNames, out IReadOnlyList<EmulatorCommandOption> options, out string? error,
        bool emptyLastValue = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(optionNames);
        var found = new List<EmulatorCommandOption>();
        options = found;
        error = null;
        text = text.Trim();
        if (text.Length == 0)
        {
            return true;
        }

        if (optionNames.Count == 0)
        {
            error = $"/{command} takes no options";
            return false;
        }

        var marker = new Regex(@"(?:^|\s)(" + string.Join('|', optionNames.Select(Regex.Escape)) + "):", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        MatchCollection matches = marker.Matches(text);
        string leading = (matches.Count == 0 ? text : text[..matches[0].Index]).Trim();
        if (leading.Length > 0)
        {
            found.Add(new EmulatorCommandOption(optionNames[0], leading));
        }

        for (int i = 0; i < matches.Count; i++)
        {
            string name = matches[i].Groups[1].Value;
            int start = matches[i].Index + matches[i].Length;
            int end = i + 1 < matches.Count ? matches[i + 1].Index : text.Length;
            string value = text[start..end].Trim();
            if (found.Any(o => o.Name == name))
            {
                error = $"/{command} got {name} twice";
                return false;
            }

            if (value.Length == 0 && !(emptyLastValue && i == matches.Count - 1))
            {
                error = $"/{command}: {name}: needs a value";
                return false;
            }

            found.Add(new EmulatorCommandOption(name, value));
        }

        return true;
    }
}
