using System.Globalization;
using System.Text;
using System.Text.Json;
using AndyAI.Abstractions.Interactions;
using AndyAI.Discord.Interactions;

namespace AndyAI.Host.Interactions;

/// <summary>
/// Between the cog contract (<c>AndyAI.Abstractions.Interactions</c>) and the Discord client's types: command
/// definitions, replies with namespaced component ids, modals, and the canonical text of a command set that tells
/// whether Discord already has it.
/// </summary>
internal static class InteractionMapper
{
    public static ApplicationCommand ToApplicationCommand(SlashCommandDefinition command)
    {
        ArgumentNullException.ThrowIfNull(command);
        IReadOnlyList<ApplicationCommandOption> options = command.Subcommands.Count > 0 || command.SubcommandGroups.Count > 0
            ?
            [
                .. command.Subcommands.Select(ToSubcommand),
                .. command.SubcommandGroups.Select(g => new ApplicationCommandOption
                {
                    Type = ApplicationCommandOptionType.SubCommandGroup,
                    Name = g.Name,
                    Description = g.Description,
                    Options = [.. g.Subcommands.Select(ToSubcommand)],
                }),
            ]
            : [.. command.Options.Select(ToOption)];
        var contexts = new List<InteractionContextType>(2);
        if (command.Contexts.HasFlag(SlashCommandContexts.Guild)) contexts.Add(InteractionContextType.Guild);
        if (command.Contexts.HasFlag(SlashCommandContexts.BotDm)) contexts.Add(InteractionContextType.BotDm);
        return new ApplicationCommand
        {
            Name = command.Name,
            Description = command.Description,
            Options = options,
            DefaultMemberPermissions = command.DefaultMemberPermissions,
            Contexts = contexts,
        };
    }

    private static ApplicationCommandOption ToSubcommand(SlashSubcommand subcommand) => new()
    {
        Type = ApplicationCommandOptionType.SubCommand,
        Name = subcommand.Name,
        Description = subcommand.Description,
        Options = [.. subcommand.Options.Select(ToOption)],
    };

    /// <summary>What <c>/help</c> shows of a command; no handler, so no cog can hold on to another's code.</summary>
    public static SlashCommandInfo ToInfo(SlashCommandDefinition command)
    {
        ArgumentNullException.ThrowIfNull(command);
        string usage = command.Subcommands.Count > 0 || command.SubcommandGroups.Count > 0
            ? $"/{command.Name} {string.Join('|', command.Subcommands.Select(s => s.Name).Concat(command.SubcommandGroups.Select(g => $"{g.Name} {string.Join('|', g.Subcommands.Select(s => s.Name))}")))}"
            : string.Join(' ', command.Options.Select(o => o.Required ? $"<{o.Name}>" : $"[{o.Name}]").Prepend("/" + command.Name));
        return new SlashCommandInfo(command.Name, command.Description, usage, command.OwnerOnly);
    }

    public static ApplicationCommandOptionType ToOptionType(SlashOptionType type) => type switch
    {
        SlashOptionType.String => ApplicationCommandOptionType.String,
        SlashOptionType.Integer => ApplicationCommandOptionType.Integer,
        SlashOptionType.Number => ApplicationCommandOptionType.Number,
        SlashOptionType.Boolean => ApplicationCommandOptionType.Boolean,
        SlashOptionType.User => ApplicationCommandOptionType.User,
        SlashOptionType.Channel => ApplicationCommandOptionType.Channel,
        SlashOptionType.Role => ApplicationCommandOptionType.Role,
        SlashOptionType.Attachment => ApplicationCommandOptionType.Attachment,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown option type."),
    };

    public static ApplicationCommandChoice ToChoice(SlashChoice choice) => choice.Value switch
    {
        string s => new ApplicationCommandChoice(choice.Name, s),
        long l => new ApplicationCommandChoice(choice.Name, l),
        int i => new ApplicationCommandChoice(choice.Name, (long)i),
        double d => new ApplicationCommandChoice(choice.Name, d),
        _ => throw new ArgumentException($"Choice '{choice.Name}' needs a string, long or double value.", nameof(choice)),
    };

    /// <summary>A cog's reply as the client sends it: components namespaced with <paramref name="owner"/> and laid out in rows.</summary>
    /// <exception cref="ArgumentException">More than five rows, or a custom id too long once namespaced.</exception>
    public static InteractionMessage ToMessage(string owner, InteractionReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return new InteractionMessage
        {
            Content = reply.Content,
            IsEphemeral = reply.Ephemeral,
            Components = reply.Components is null ? null : ToRows(owner, reply.Components),
            Files = reply.Files is null ? null : [.. reply.Files.Select(f => new MessageFile(f.FileName, f.Content))],
        };
    }

    public static InteractionResponse ToModal(string owner, InteractionModal modal)
    {
        ArgumentNullException.ThrowIfNull(modal);
        ArgumentNullException.ThrowIfNull(modal.Inputs);
        return InteractionResponse.Modal(
            CustomIds.Namespace(owner, modal.CustomId),
            modal.Title,
            [.. modal.Inputs.Select(i => MessageComponent.ActionRow(MessageComponent.TextInput(
                i.CustomId, i.Label, i.Paragraph ? TextInputStyle.Paragraph : TextInputStyle.Short, i.Required, i.MinLength, i.MaxLength, i.Placeholder, i.Value)))]);
    }

    /// <summary>
    /// A stable text of a command set: commands by name, every field Discord keeps that a cog can set, defaults
    /// spelled out; what Discord adds (ids, versions, integration types) left out. Equal texts: nothing to sync.
    /// </summary>
    public static string Canonical(IEnumerable<ApplicationCommand> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (ApplicationCommand command in commands.Where(c => c.Type == ApplicationCommandType.ChatInput).OrderBy(c => c.Name, StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("name", command.Name);
                json.WriteString("description", command.Description);
                json.WriteString("permissions", command.DefaultMemberPermissions?.ToString(CultureInfo.InvariantCulture));
                json.WriteString("contexts", command.Contexts is null ? "default" : string.Join(',', command.Contexts.Select(c => (int)c).Order()));
                WriteOptions(json, command.Options);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static ApplicationCommandOption ToOption(SlashCommandOption option) => new()
    {
        Type = ToOptionType(option.Type),
        Name = option.Name,
        Description = option.Description,
        Required = option.Required,
        Choices = option.Choices.Count == 0 ? null : [.. option.Choices.Select(ToChoice)],
        MinValue = option.MinValue,
        MaxValue = option.MaxValue,
        MinLength = option.MinLength,
        MaxLength = option.MaxLength,
        Autocomplete = option.Autocomplete is not null,
    };

    private static List<MessageComponent> ToRows(string owner, IReadOnlyList<InteractionComponent> components)
    {
        var rows = new List<MessageComponent>();
        var buttons = new List<MessageComponent>(5);
        foreach (InteractionComponent component in components)
        {
            ArgumentNullException.ThrowIfNull(component);
            if (component.IsSelect)
            {
                Flush();
                rows.Add(MessageComponent.ActionRow(ToSelect(owner, component)));
                continue;
            }

            if (buttons.Count == 5) Flush();
            buttons.Add(component.Kind == InteractionComponentKind.LinkButton
                ? MessageComponent.LinkButton(component.Url!.AbsoluteUri, component.Label!, component.Disabled)
                : MessageComponent.Button(CustomIds.Namespace(owner, component.CustomId!), component.Label!, (ButtonStyle)((int)component.Style + 1), component.Disabled));
        }

        Flush();
        if (rows.Count > 5)
        {
            throw new ArgumentException($"A message holds at most 5 rows of components (25 buttons, or fewer with select menus); this one needs {rows.Count}.", nameof(components));
        }

        return rows;

        void Flush()
        {
            if (buttons.Count > 0)
            {
                rows.Add(MessageComponent.ActionRow([.. buttons]));
                buttons.Clear();
            }
        }
    }

    private static MessageComponent ToSelect(string owner, InteractionComponent component)
    {
        string customId = CustomIds.Namespace(owner, component.CustomId!);
        if (component.Kind == InteractionComponentKind.Select)
        {
            return MessageComponent.StringSelect(customId, [.. component.Options.Select(o => new SelectMenuOption(o.Label, o.Value))], component.Placeholder,
                component.MinValues, component.MaxValues);
        }

        ComponentType type = component.Kind switch
        {
            InteractionComponentKind.UserSelect => ComponentType.UserSelect,
            InteractionComponentKind.RoleSelect => ComponentType.RoleSelect,
            InteractionComponentKind.MentionableSelect => ComponentType.MentionableSelect,
            _ => ComponentType.ChannelSelect,
        };
        return MessageComponent.EntitySelect(type, customId, component.Placeholder, component.MinValues, component.MaxValues,
            component.ChannelTypes.Count == 0 ? null : component.ChannelTypes,
            defaultValues: component.DefaultValues.Count == 0 ? null : [.. component.DefaultValues.Select(ToDefaultValue)]);
    }

    private static SelectDefaultValue ToDefaultValue(InteractionSelectDefault value) => new(value.Id, value.Kind switch
    {
        InteractionSelectDefaultKind.User => SelectDefaultValueType.User,
        InteractionSelectDefaultKind.Role => SelectDefaultValueType.Role,
        _ => SelectDefaultValueType.Channel,
    });

    private static void WriteOptions(Utf8JsonWriter json, IReadOnlyList<ApplicationCommandOption>? options)
    {
        json.WriteStartArray("options");
        foreach (ApplicationCommandOption option in options ?? [])
        {
            json.WriteStartObject();
            json.WriteNumber("type", (int)option.Type);
            json.WriteString("name", option.Name);
            json.WriteString("description", option.Description);
            json.WriteBoolean("required", option.Required);
            json.WriteBoolean("autocomplete", option.Autocomplete);
            json.WriteString("min_value", option.MinValue?.ToString("R", CultureInfo.InvariantCulture));
            json.WriteString("max_value", option.MaxValue?.ToString("R", CultureInfo.InvariantCulture));
            json.WriteString("min_length", option.MinLength?.ToString(CultureInfo.InvariantCulture));
            json.WriteString("max_length", option.MaxLength?.ToString(CultureInfo.InvariantCulture));
            json.WriteStartArray("choices");
            foreach (ApplicationCommandChoice choice in option.Choices ?? [])
            {
                json.WriteStringValue(choice.Name + "=" + Convert.ToString(choice.Value, CultureInfo.InvariantCulture));
            }

            json.WriteEndArray();
            WriteOptions(json, option.Options);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
