using System.Text;
using AndyAI.Abstractions.Interactions;

namespace AndyAI.Cogs.Utility;

/// <summary>The <c>/help</c> listing, laid out like <c>!help</c>: one line per command, owner-only ones for owners only.</summary>
internal static class SlashHelp
{
    private const int MaxLength = 2000;

    public static string Format(IReadOnlyList<SlashCommandInfo> commands, string prefix, bool callerIsOwner)
    {
        var text = new StringBuilder("**Slash commands**");
        foreach (SlashCommandInfo command in commands)
        {
            if (command.OwnerOnly && !callerIsOwner)
            {
                continue;
            }

            var line = new StringBuilder().Append("\n`").Append(command.Usage).Append("` — ").Append(command.Description);
            if (command.OwnerOnly)
            {
                line.Append(" *(owner only)*");
            }

            if (text.Length + line.Length > MaxLength - 100)
            {
                text.Append("\n…");
                break;
            }

            text.Append(line);
        }

        return text.Append("\nPrefix commands: `").Append(prefix).Append("help`").ToString();
    }
}
