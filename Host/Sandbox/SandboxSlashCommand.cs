using System.Text.RegularExpressions;
using AndyAI.Emulator;

namespace AndyAI.Host.Sandbox;

/// <summary>
/// The options of a slash command typed in the sandbox: <c>name:value</c> pairs (a value runs to the next
/// <c>name:</c> of the command's own options), and text before the first pair goes to the command's first option,
/// so <c>/ask what is a monad? private:true</c> works as on Discord, where the first option is where you type.
/// </summary>
internal static class SandboxSlashCommand
{
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
