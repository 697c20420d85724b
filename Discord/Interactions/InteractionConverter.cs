using System.Globalization;
using System.Text.Json;
using AndyAI.Abstractions.Discord;
using AndyAI.Discord.Json;

namespace AndyAI.Discord.Interactions;

/// <summary>Maps interaction and command wire types to the public types and back.</summary>
internal static class InteractionConverter
{
    public const int MaxContentLength = 2000;

    public static DiscordInteraction ToInteraction(JsonInteraction json, int shardId)
    {
        JsonInteractionData? data = json.Data;
        JsonUser user = json.Member?.User ?? json.User ?? new JsonUser();
        return new DiscordInteraction
        {
            Id = json.Id,
            ApplicationId = json.ApplicationId,
            Type = (InteractionType)json.Type,
            Token = json.Token,
            Version = json.Version,
            GuildId = json.GuildId ?? data?.GuildId,
            ChannelId = json.ChannelId ?? json.Channel?.Id,
            IsInThread = json.Channel?.Type is 10 or 11 or 12,
            ParentChannelId = json.Channel is { Type: 10 or 11 or 12, ParentId: ulong parent } ? parent : null,
            User = ToUser(user),
            Member = json.Member is { } member ? ToMember(member, withUser: true) : null,
            AppPermissions = ParsePermissions(json.AppPermissions),
            Locale = json.Locale,
            GuildLocale = json.GuildLocale,
            ShardId = shardId,
            CommandId = json.Type is 2 or 4 ? data?.Id : null,
            CommandName = json.Type is 2 or 4 ? data?.Name : null,
            CommandType = json.Type is 2 or 4 && data is not null ? (ApplicationCommandType)Math.Max(1, data.Type) : null,
            TargetId = data?.TargetId,
            Options = data?.Options is { } options ? [.. options.Select(ToOption)] : [],
            Resolved = data?.Resolved is { } resolved ? ToResolved(resolved) : InteractionResolved.Empty,
            CustomId = data?.CustomId,
            ComponentType = json.Type == 3 && data is { ComponentType: not 0 } ? (ComponentType)data.ComponentType : null,
            Values = data?.Values is { } values ? values : [],
            ModalValues = json.Type == 5 && data?.Components is { } components ? CollectInputs(components) : new Dictionary<string, string>(),
            MessageId = json.Message?.Id is ulong id and not 0 ? id : null,
        };
    }

    public static DiscordUser ToUser(JsonUser user) => new(user.Id, user.Username ?? "", user.Bot);

    private static InteractionMember ToMember(JsonInteractionMember member, bool withUser) => new()
    {
        User = withUser && member.User is { } u ? ToUser(u) : null,
        Nickname = member.Nick,
        RoleIds = member.Roles ?? [],
        Permissions = ParsePermissions(member.Permissions),
    };

    private static InteractionOption ToOption(JsonInteractionDataOption option) => new()
    {
        Name = option.Name,
        Type = (ApplicationCommandOptionType)option.Type,
        Value = option.Value is { } value ? ToValue((ApplicationCommandOptionType)option.Type, value, option.Focused) : null,
        IsFocused = option.Focused,
        Options = option.Options is { } inner ? [.. inner.Select(ToOption)] : [],
    };

    // A value that does not fit its declared type is kept as its text rather than failing the interaction.
    private static object? ToValue(ApplicationCommandOptionType type, JsonElement value, bool focused)
    {
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return null;
        string text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        if (focused) return text;
        switch (type)
        {
            case ApplicationCommandOptionType.String:
                return text;
            case ApplicationCommandOptionType.Integer:
                return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long integer) ? integer : text;
            case ApplicationCommandOptionType.Number:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) ? number : text;
            case ApplicationCommandOptionType.Boolean:
                return value.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => text };
            case ApplicationCommandOptionType.User:
            case ApplicationCommandOptionType.Channel:
            case ApplicationCommandOptionType.Role:
            case ApplicationCommandOptionType.Mentionable:
            case ApplicationCommandOptionType.Attachment:
                return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong id) ? id : text;
            default:
                return text;
        }
    }

    private static InteractionResolved ToResolved(JsonResolvedData resolved) => new()
    {
        Users = ByKey(resolved.Users, ToUser),
        Members = ByKey(resolved.Members, m => ToMember(m, withUser: false)),
        Roles = ByKey(resolved.Roles, r => new ResolvedRole(r.Id, r.Name ?? "", ParsePermissions(r.Permissions))),
        Channels = ByKey(resolved.Channels, c => new ResolvedChannel(c.Id, c.Type, c.Name, ParsePermissions(c.Permissions))),
        Attachments = ByKey(resolved.Attachments, a => new ResolvedAttachment(a.Id, a.Filename ?? "", a.Url, a.Size is double s ? (long)s : null, a.ContentType)),
    };

    private static Dictionary<ulong, TOut> ByKey<TIn, TOut>(Dictionary<string, TIn>? source, Func<TIn, TOut> convert)
    {
        var result = new Dictionary<ulong, TOut>();
        if (source is null) return result;
        foreach ((string key, TIn value) in source)
        {
            if (value is not null && ulong.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out ulong id)) result[id] = convert(value);
        }

        return result;
    }

    private static Dictionary<string, string> CollectInputs(JsonComponent[] components)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(JsonComponent? component)
        {
            if (component is null) return;
            if (component.Type == (int)Interactions.ComponentType.TextInput && component.CustomId is { } id) values[id] = component.Value ?? "";
            foreach (JsonComponent child in component.Components ?? []) Walk(child);
            Walk(component.Component);
        }

        foreach (JsonComponent component in components) Walk(component);
        return values;
    }

    private static ulong? ParsePermissions(string? bits) =>
        ulong.TryParse(bits, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value) ? value : null;

    // ---- application commands -------------------------------------------------------------------------------

    public static JsonApplicationCommand ToJson(ApplicationCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentException.ThrowIfNullOrWhiteSpace(command.Name);
        return new JsonApplicationCommand
        {
            Id = command.Id == 0 ? null : command.Id,
            Type = (int)command.Type,
            Name = command.Name,
            NameLocalizations = Copy(command.NameLocalizations),
            Description = command.Description ?? "",
            DescriptionLocalizations = Copy(command.DescriptionLocalizations),
            Options = command.Options is { Count: > 0 } options ? [.. options.Select(ToJson)] : null,
            DefaultMemberPermissions = command.DefaultMemberPermissions?.ToString(CultureInfo.InvariantCulture),
            Contexts = command.Contexts is { } contexts ? [.. contexts.Select(c => (int)c)] : null,
            IntegrationTypes = command.IntegrationTypes is { } types ? [.. types.Select(t => (int)t)] : null,
            Nsfw = command.Nsfw,
        };
    }

    private static JsonApplicationCommandOption ToJson(ApplicationCommandOption option)
    {
        ArgumentNullException.ThrowIfNull(option);
        return new JsonApplicationCommandOption
        {
            Type = (int)option.Type,
            Name = option.Name,
            NameLocalizations = Copy(option.NameLocalizations),
            Description = option.Description,
            DescriptionLocalizations = Copy(option.DescriptionLocalizations),
            Required = option.Required,
            Choices = option.Choices is { } choices ? [.. choices.Select(ToJson)] : null,
            Options = option.Options is { } options ? [.. options.Select(ToJson)] : null,
            ChannelTypes = option.ChannelTypes is { } channelTypes ? [.. channelTypes] : null,
            MinValue = option.MinValue,
            MaxValue = option.MaxValue,
            MinLength = option.MinLength,
            MaxLength = option.MaxLength,
            Autocomplete = option.Autocomplete,
        };
    }

    public static JsonApplicationCommandChoice ToJson(ApplicationCommandChoice choice) => new()
    {
        Name = choice.Name,
        NameLocalizations = Copy(choice.NameLocalizations),
        Value = choice.Value switch
        {
            long l => JsonSerializer.SerializeToElement(l, DiscordJsonContext.Default.Int64),
            double d => JsonSerializer.SerializeToElement(d, DiscordJsonContext.Default.Double),
            _ => JsonSerializer.SerializeToElement((string)choice.Value, DiscordJsonContext.Default.String),
        },
    };

    public static ApplicationCommand ToCommand(JsonApplicationCommand json) => new()
    {
        Id = json.Id ?? 0,
        ApplicationId = json.ApplicationId ?? 0,
        GuildId = json.GuildId,
        Version = json.Version ?? 0,
        Type = (ApplicationCommandType)Math.Max(1, json.Type),
        Name = json.Name,
        NameLocalizations = json.NameLocalizations,
        Description = json.Description ?? "",
        DescriptionLocalizations = json.DescriptionLocalizations,
        Options = json.Options is { } options ? [.. options.Select(ToOption)] : [],
        DefaultMemberPermissions = ParsePermissions(json.DefaultMemberPermissions),
        Contexts = json.Contexts is { } contexts ? [.. contexts.Select(c => (InteractionContextType)c)] : null,
        IntegrationTypes = json.IntegrationTypes is { } types ? [.. types.Select(t => (ApplicationIntegrationType)t)] : null,
        Nsfw = json.Nsfw,
    };

    private static ApplicationCommandOption ToOption(JsonApplicationCommandOption json) => new()
    {
        Type = (ApplicationCommandOptionType)json.Type,
        Name = json.Name,
        NameLocalizations = json.NameLocalizations,
        Description = json.Description ?? "",
        DescriptionLocalizations = json.DescriptionLocalizations,
        Required = json.Required,
        Choices = json.Choices is { } choices ? [.. choices.Select(ToChoice).OfType<ApplicationCommandChoice>()] : null,
        Options = json.Options is { } options ? [.. options.Select(ToOption)] : null,
        ChannelTypes = json.ChannelTypes,
        MinValue = json.MinValue,
        MaxValue = json.MaxValue,
        MinLength = json.MinLength is double min ? (int)min : null,
        MaxLength = json.MaxLength is double max ? (int)max : null,
        Autocomplete = json.Autocomplete,
    };

    private static ApplicationCommandChoice? ToChoice(JsonApplicationCommandChoice json)
    {
        if (string.IsNullOrWhiteSpace(json.Name)) return null;
        return json.Value.ValueKind switch
        {
            JsonValueKind.String => new ApplicationCommandChoice(json.Name, json.Value.GetString()!) { NameLocalizations = json.NameLocalizations },
            JsonValueKind.Number when json.Value.TryGetInt64(out long l) => new ApplicationCommandChoice(json.Name, l) { NameLocalizations = json.NameLocalizations },
            JsonValueKind.Number => new ApplicationCommandChoice(json.Name, json.Value.GetDouble()) { NameLocalizations = json.NameLocalizations },
            _ => null,
        };
    }

    private static Dictionary<string, string>? Copy(IReadOnlyDictionary<string, string>? source) =>
        source is null ? null : source.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    // ---- responses and components ---------------------------------------------------------------------------

    /// <summary>The wire form of a response; <paramref name="filter"/> rewrites message text (the host masks secrets).</summary>
    /// <exception cref="ArgumentException">A message without content and components, or content over 2000 characters.</exception>
    public static JsonInteractionResponse ToJson(InteractionResponse response, Func<string, string> filter)
    {
        ArgumentNullException.ThrowIfNull(response);
        JsonInteractionCallbackData? data = response.Type switch
        {
            InteractionResponseType.ChannelMessageWithSource => ToMessageData(response.Message!, filter, isCreate: true),
            InteractionResponseType.UpdateMessage => ToMessageData(response.Message!, filter, isCreate: false),
            InteractionResponseType.DeferredChannelMessageWithSource when response.IsEphemeral => new JsonInteractionCallbackData { Flags = InteractionMessage.EphemeralFlag },
            InteractionResponseType.ApplicationCommandAutocompleteResult => new JsonInteractionCallbackData { Choices = [.. response.Choices!.Select(ToJson)] },
            InteractionResponseType.Modal => new JsonInteractionCallbackData
            {
                CustomId = response.ModalCustomId,
                Title = response.ModalTitle,
                Components = [.. response.ModalComponents!.Select(ToJson)],
            },
            _ => null,
        };
        return new JsonInteractionResponse { Type = (int)response.Type, Data = data };
    }

    /// <summary>
    /// The body of a message answer: content through <paramref name="filter"/>, the ephemeral flag on creates, and
    /// <c>allowed_mentions</c> with an empty <c>parse</c>, so an answer can never ping anyone.
    /// </summary>
    /// <exception cref="ArgumentException">A create without content and components, or content over 2000 characters.</exception>
    public static JsonInteractionCallbackData ToMessageData(InteractionMessage message, Func<string, string> filter, bool isCreate)
    {
        ArgumentNullException.ThrowIfNull(message);
        string? content = message.Content is { } text ? filter(text) : null;
        if (content is { Length: > MaxContentLength })
        {
            throw new ArgumentOutOfRangeException(nameof(message), content.Length, $"Message content must be at most {MaxContentLength} characters.");
        }

        if (isCreate && string.IsNullOrEmpty(content) && message.Components is not { Count: > 0 } && message.Files is not { Count: > 0 })
        {
            throw new ArgumentException("A message needs content, components or files.", nameof(message));
        }

        if (message.Files is { Count: > MessageFile.MaxFilesPerMessage })
        {
            throw new ArgumentException($"A message has at most {MessageFile.MaxFilesPerMessage} files.", nameof(message));
        }

        if (message.Files?.Any(f => string.IsNullOrWhiteSpace(f.FileName)) == true)
        {
            throw new ArgumentException("Every file needs a name.", nameof(message));
        }

        if (message.Components is { } rows) ValidateRows(rows);
        return new JsonInteractionCallbackData
        {
            Content = content,
            Flags = isCreate && message.IsEphemeral ? InteractionMessage.EphemeralFlag : null,
            Components = message.Components is { } components ? [.. components.Select(ToJson)] : null,
            AllowedMentions = new JsonAllowedMentions { Parse = [], RepliedUser = false },
            Attachments = message.Files is { Count: > 0 } files ? [.. files.Select((f, i) => new JsonAttachmentSlot { Id = i, Filename = f.FileName })] : null,
        };
    }

    /// <summary>
    /// Discord's layout rules for a message, which the builders cannot see one component at a time: at most 5 action
    /// rows, a select menu alone in its row, no text input (modals only), and no <c>custom_id</c> twice in one message
    /// (disabled components included), else the whole message is refused with 50035.
    /// </summary>
    private static void ValidateRows(IReadOnlyList<MessageComponent> rows)
    {
        if (rows.Count > 5) throw new ArgumentException("A message has at most 5 action rows.", nameof(rows));
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (MessageComponent row in rows)
        {
            if (row.Type != ComponentType.ActionRow) throw new ArgumentException($"A message's components are action rows, not {row.Type}.", nameof(rows));
            IReadOnlyList<MessageComponent> children = row.Components ?? [];
            foreach (MessageComponent child in children)
            {
                if (child.Type == ComponentType.TextInput) throw new ArgumentException("Text inputs belong in modals, not messages.", nameof(rows));
                if (child.Type != ComponentType.Button && children.Count > 1) throw new ArgumentException("A select menu fills its action row alone.", nameof(rows));
                if (child.CustomId is { } id && !ids.Add(id))
                {
                    throw new ArgumentException($"The custom id '{id}' is used twice in one message; Discord refuses the message.", nameof(rows));
                }
            }
        }
    }

    private static JsonSelectDefaultValue ToJson(SelectDefaultValue value) => new()
    {
        Id = value.Id,
        Type = value.Type switch { SelectDefaultValueType.User => "user", SelectDefaultValueType.Role => "role", _ => "channel" },
    };

    public static JsonComponent ToJson(MessageComponent component) => new()
    {
        Type = (int)component.Type,
        CustomId = component.CustomId,
        Style = component.Style,
        Label = component.Label,
        Url = component.Url,
        Disabled = component.Disabled,
        Options = component.SelectOptions is { } options
            ? [.. options.Select(o => new JsonSelectOption { Label = o.Label, Value = o.Value, Description = o.Description, Default = o.IsDefault })]
            : null,
        Placeholder = component.Placeholder,
        MinValues = component.MinValues,
        MaxValues = component.MaxValues,
        ChannelTypes = component.ChannelTypes is { } channelTypes ? [.. channelTypes] : null,
        DefaultValues = component.DefaultValues is { } defaults ? [.. defaults.Select(ToJson)] : null,
        MinLength = component.MinLength,
        MaxLength = component.MaxLength,
        Required = component.Required,
        Value = component.Value,
        Components = component.Components is { } children ? [.. children.Select(ToJson)] : null,
    };
}
