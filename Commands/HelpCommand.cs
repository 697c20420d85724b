using System.Text;
using AndyAI.Abstractions.Commands;
using AndyAI.Commands.Parsing;

namespace AndyAI.Commands;

/// <summary>The built-in <c>!help</c> and <c>!help &lt;command&gt;</c>, generated from the catalog's metadata.</summary>
internal static class HelpCommand
{
    public const string Name = "help";

    public static CommandDefinition Create(CommandCatalog catalog, ICogGuildSwitch? cogSwitch = null) =>
        new(Name, "Lists the commands, or shows how to use one.", (context, cancellationToken) => RunAsync(catalog, cogSwitch, context, cancellationToken))
        {
            Parameters = [new CommandParameter("command", CommandParameterType.String, "A command name, with or without the prefix.") { IsOptional = true }],
        };

    private static async ValueTask RunAsync(CommandCatalog catalog, ICogGuildSwitch? cogSwitch, ICommandContext context, CancellationToken cancellationToken)
    {
        string? name = context.Get<string?>("command");
        CatalogSnapshot snapshot = catalog.Snapshot;
        // In a guild that turned cogs off, their commands (which would not run) are not listed.
        Func<string, bool>? listed = context.Message.GuildId is { } guildId && cogSwitch is not null ? owner => cogSwitch.IsEnabled(owner, guildId) : null;
        string text = name is null
            ? FormatList(snapshot, catalog.Prefix, context.CallerIsOwner, listed)
            : FormatDetail(snapshot, catalog.Prefix, name, listed);
        await context.ReplyAsync(text, cancellationToken);
    }

    /// <summary>
    /// One line per command, grouped by owner. Owner-only commands are listed (and marked) for owners only, so
    /// other users see just what they can run; so are the commands of owners <paramref name="listed"/> refuses.
    /// </summary>
    internal static string FormatList(CatalogSnapshot snapshot, string prefix, bool callerIsOwner, Func<string, bool>? listed = null)
    {
        var builder = new StringBuilder();
        builder.Append("**Commands** (`").Append(prefix).Append("help <command>` for details)");
        string? group = null;
        foreach (RegisteredCommand command in snapshot.Commands)
        {
            if ((command.Definition.OwnerOnly && !callerIsOwner) || listed?.Invoke(command.Owner) == false)
            {
                continue;
            }

            if (command.Owner != group)
            {
                group = command.Owner;
                builder.Append("\n**").Append(group).Append("**");
            }

            builder.Append("\n`").Append(command.FormatUsage(prefix)).Append('`');
            if (command.Definition.Description.Length > 0)
            {
                builder.Append(" — ").Append(command.Definition.Description);
            }

            if (command.Definition.OwnerOnly)
            {
                builder.Append(" *(owner only)*");
            }
        }

        // /help ends with "Prefix commands: `!help`"; the pointer back, so a member finds either list from the other.
        return builder.Append("\nSlash commands: `/help`").ToString();
    }

    /// <summary>
    /// Usage, description, aliases, each argument, cooldown and restriction of one command. A command of an owner
    /// <paramref name="listed"/> refuses (a cog the guild turned off) says so, as its slash twin does: its usage would
    /// send the member to a command that stays silent here.
    /// </summary>
    internal static string FormatDetail(CatalogSnapshot snapshot, string prefix, string name, Func<string, bool>? listed = null)
    {
        string bare = name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name;
        if (!snapshot.TryGet(bare, out RegisteredCommand command))
        {
            return $"There is no command `{prefix}{bare.Replace('`', '\'')}`. `{prefix}help` lists them.";
        }

        if (listed?.Invoke(command.Owner) == false)
        {
            return $"`{prefix}{command.Definition.Name}` is turned off in this server.";
        }

        CommandDefinition definition = command.Definition;
        var builder = new StringBuilder();
        builder.Append('`').Append(command.FormatUsage(prefix)).Append('`');
        if (definition.Description.Length > 0)
        {
            builder.Append('\n').Append(definition.Description);
        }

        if (definition.Aliases.Count > 0)
        {
            builder.Append("\nAliases: ").AppendJoin(", ", definition.Aliases.Select(alias => $"`{prefix}{alias}`"));
        }

        foreach (CommandParameter parameter in definition.Parameters)
        {
            builder.Append("\n• `").Append(parameter.Name).Append("`: ").Append(UsageFormatter.DescribeType(parameter.Type));
            if (parameter.IsOptional)
            {
                builder.Append(", optional");
                // An empty default is what "optional" already says: nothing.
                if (parameter.DefaultValue is not (null or ""))
                {
                    builder.Append(" (default ").Append(UsageFormatter.FormatValue(parameter.DefaultValue)).Append(')');
                }
            }

            if (parameter.Description.Length > 0)
            {
                builder.Append(". ").Append(parameter.Description);
            }
        }

        if (definition.Cooldown is { } cooldown)
        {
            builder.Append("\nCooldown: ").Append(UsageFormatter.FormatDuration(cooldown)).Append(" per user.");
        }

        if (definition.OwnerOnly)
        {
            builder.Append("\nOwner only.");
        }

        return builder.ToString();
    }
}
