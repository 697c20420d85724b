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
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(shape);
        options = [];
        string path = command;
        var chain = new List<string>();
        IReadOnlyList<EmulatorSlashOption> level = shape;
        text = text.Trim();

        // Discord's rule: a command's (or group's) options are all subcommands/groups, or none of them are.
        while (level.Count > 0 && level.All(o => o.IsSubcommand))
        {
            int space = text.IndexOfAny([' ', '\t']);
            string word = space < 0 ? text : text[..space];
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
            text = space < 0 ? "" : text[(space + 1)..].Trim();
            level = chosen.Options;
        }

        if (!TryParseOptions(path, text, [.. level.Select(o => o.Name)], out IReadOnlyList<EmulatorCommandOption> leaf, out error))
        {
            return false;
        }

        for (int i = chain.Count - 1; i >= 0; i--)
        {
            leaf = [EmulatorCommandOption.SubCommand(chain[i], [.. leaf])];
        }

        options = leaf;
        return true;
    }

    private static string Choices(IReadOnlyList<EmulatorSlashOption> level) =>
        level.Count == 1 ? level[0].Name : string.Join(", ", level.Take(level.Count - 1).Select(o => o.Name)) + " or " + level[^1].Name;

    public static bool TryParseOptions(string command, string text, IReadOnlyList<string> optionNames, out IReadOnlyList<EmulatorCommandOption> options, out string? error)
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

            if (value.Length == 0)
            {
                error = $"/{command}: {name}: needs a value";
                return false;
            }

            found.Add(new EmulatorCommandOption(name, value));
        }

        return true;
    }
}
