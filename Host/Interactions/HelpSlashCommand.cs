using System.Text;
using AndyAI.Abstractions.Interactions;
using AndyAI.Commands;

namespace AndyAI.Host.Interactions;

/// <summary>
/// The built-in <c>/help</c>, the slash twin of <c>!help</c>: owned by the host, so it answers in every server whatever
/// cogs are turned off or unloaded. It lists the slash commands usable where it is asked, one line each, laid out like
/// <c>!help</c>: owner-only ones for owners only, none of a cog the server turned off. Always private.
/// </summary>
internal sealed class HelpSlashCommand(InteractionTable table, ICommandCatalog catalog, ICogGuildSwitch? guildSwitch = null)
{
    public const string Name = "help";

    private const int MaxLength = 2000;

    public SlashCommandDefinition CreateDefinition() => new(Name, "Lists the slash commands you can use.", HelpAsync);

    internal async ValueTask HelpAsync(IInteractionContext interaction, CancellationToken cancellationToken)
    {
        string text = Format(table.ListCommands(interaction.GuildId, guildSwitch), catalog.Prefix, interaction.CallerIsOwner);
        await interaction.ReplyAsync(InteractionReply.Private(text), cancellationToken);
    }

    internal static string Format(IReadOnlyList<SlashCommandInfo> commands, string prefix, bool callerIsOwner)
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

            // An interaction message holds 2000 characters; the prefix-help line below must still fit.
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
