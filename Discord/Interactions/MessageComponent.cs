namespace AndyAI.Discord.Interactions;

/// <summary>
/// A component of a message or modal: an action row, a button, a select menu or a text input. Build one with the
/// static methods (<see cref="ActionRow"/>, <see cref="Button"/>…); each sets only the fields its type uses.
/// </summary>
public sealed class MessageComponent
{
    private MessageComponent(ComponentType type) => Type = type;

    /// <summary>The kind of component.</summary>
    public ComponentType Type { get; private init; }

    /// <summary>What the interaction reports when it is used (1–100 characters); <see langword="null"/> for rows and link buttons.</summary>
    public string? CustomId { get; private init; }

    /// <summary>A button's <see cref="ButtonStyle"/> or a text input's <see cref="TextInputStyle"/>, as a number; 0 otherwise.</summary>
    public int Style { get; private init; }

    /// <summary>A button's text or a text input's label.</summary>
    public string? Label { get; private init; }

    /// <summary>A link button's URL.</summary>
    public string? Url { get; private init; }

    /// <summary>Whether a button or select menu is greyed out.</summary>
    public bool Disabled { get; private init; }

    /// <summary>A string select menu's entries.</summary>
    public IReadOnlyList<SelectMenuOption>? SelectOptions { get; private init; }

    /// <summary>A select menu's or text input's placeholder.</summary>
    public string? Placeholder { get; private init; }

    /// <summary>A select menu's minimum number of picks.</summary>
    public int? MinValues { get; private init; }

    /// <summary>A select menu's maximum number of picks.</summary>
    public int? MaxValues { get; private init; }

    /// <summary>A channel select menu's channel types, or <see langword="null"/> for all.</summary>
    public IReadOnlyList<int>? ChannelTypes { get; private init; }

    /// <summary>A user, role, mentionable or channel select's entries shown already picked, or <see langword="null"/> for none.</summary>
    public IReadOnlyList<SelectDefaultValue>? DefaultValues { get; private init; }

    /// <summary>A text input's minimum length.</summary>
    public int? MinLength { get; private init; }

    /// <summary>A text input's maximum length.</summary>
    public int? MaxLength { get; private init; }

    /// <summary>Whether a text input must be filled in (Discord's default: true).</summary>
    public bool? Required { get; private init; }

    /// <summary>A text input's pre-filled text.</summary>
    public string? Value { get; private init; }

    /// <summary>An action row's children.</summary>
    public IReadOnlyList<MessageComponent>? Components { get; private init; }

    /// <summary>A row of up to five buttons, or one select menu, or (in a modal) one text input.</summary>
    /// <exception cref="ArgumentException">No child, more than five, or a row inside a row.</exception>
    public static MessageComponent ActionRow(params IReadOnlyList<MessageComponent> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        if (components.Count is 0 or > 5) throw new ArgumentException("An action row holds 1 to 5 components.", nameof(components));
        if (components.Any(c => c is null || c.Type == ComponentType.ActionRow)) throw new ArgumentException("An action row cannot hold a row or null.", nameof(components));
        return new MessageComponent(ComponentType.ActionRow) { Components = [.. components] };
    }

    /// <summary>A button that sends an interaction with <paramref name="customId"/> when pressed.</summary>
    /// <exception cref="ArgumentException"><paramref name="style"/> is <see cref="ButtonStyle.Link"/> or <see cref="ButtonStyle.Premium"/>, an id or label is missing, or the label is over 80 characters.</exception>
    public static MessageComponent Button(string customId, string label, ButtonStyle style = ButtonStyle.Primary, bool disabled = false)
    {
        ValidateCustomId(customId);
        ValidateLabel(label, MaxButtonLabelLength);
        if (style is ButtonStyle.Link or ButtonStyle.Premium) throw new ArgumentException("Use LinkButton for links; premium buttons are not supported.", nameof(style));
        return new MessageComponent(ComponentType.Button) { CustomId = customId, Label = label, Style = (int)style, Disabled = disabled };
    }

    /// <summary>A button that opens <paramref name="url"/>; it sends no interaction.</summary>
    public static MessageComponent LinkButton(string url, string label, bool disabled = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        ValidateLabel(label, MaxButtonLabelLength);
        return new MessageComponent(ComponentType.Button) { Url = url, Label = label, Style = (int)ButtonStyle.Link, Disabled = disabled };
    }

    /// <summary>A select menu of the given entries (1–25).</summary>
    public static MessageComponent StringSelect(string customId, IReadOnlyList<SelectMenuOption> options, string? placeholder = null, int minValues = 1, int maxValues = 1, bool disabled = false)
    {
        ValidateCustomId(customId);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Count is 0 or > 25) throw new ArgumentException("A select menu lists 1 to 25 options.", nameof(options));
        foreach (SelectMenuOption option in options)
        {
            if (option?.Label is not { Length: >= 1 and <= MaxOptionTextLength } || option.Value is not { Length: >= 1 and <= MaxOptionTextLength }
                || option.Description is { Length: > MaxOptionTextLength })
            {
                throw new ArgumentException($"A select option's label and value are 1–{MaxOptionTextLength} characters, its description at most {MaxOptionTextLength}.", nameof(options));
            }
        }

        ValidatePlaceholder(placeholder, MaxSelectPlaceholderLength);
        ValidateRange(minValues, maxValues);
        return new MessageComponent(ComponentType.StringSelect)
        {
            CustomId = customId, SelectOptions = [.. options], Placeholder = placeholder, MinValues = minValues, MaxValues = maxValues, Disabled = disabled,
        };
    }

    /// <summary>A select menu of users (<see cref="ComponentType.UserSelect"/>), roles, mentionables or channels.</summary>
    /// <param name="type">One of <see cref="ComponentType.UserSelect"/>, <see cref="ComponentType.RoleSelect"/>, <see cref="ComponentType.MentionableSelect"/>, <see cref="ComponentType.ChannelSelect"/>.</param>
    /// <param name="customId">What the interaction reports.</param>
    /// <param name="placeholder">Grey text shown before a pick.</param>
    /// <param name="minValues">Fewest picks (0–25).</param>
    /// <param name="maxValues">Most picks (1–25).</param>
    /// <param name="channelTypes">For channel menus: the channel types offered, or <see langword="null"/> for all.</param>
    /// <param name="disabled">Whether it is greyed out.</param>
    /// <param name="defaultValues">
    /// Entries shown already picked (<c>default_values</c>), or <see langword="null"/>: users on a user select, roles on
    /// a role select, users or roles on a mentionable select, channels on a channel select; when given,
    /// <paramref name="minValues"/> to <paramref name="maxValues"/> of them. Discord refuses anything else with 50035.
    /// </param>
    /// <exception cref="ArgumentException">A value Discord refuses; the message says which rule.</exception>
    public static MessageComponent EntitySelect(ComponentType type, string customId, string? placeholder = null, int minValues = 1, int maxValues = 1, IReadOnlyList<int>? channelTypes = null,
        bool disabled = false, IReadOnlyList<SelectDefaultValue>? defaultValues = null)
    {
        if (type is not (ComponentType.UserSelect or ComponentType.RoleSelect or ComponentType.MentionableSelect or ComponentType.ChannelSelect))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Use StringSelect for string menus.");
        }

        ValidateCustomId(customId);
        ValidatePlaceholder(placeholder, MaxSelectPlaceholderLength);
        ValidateRange(minValues, maxValues);
        if (type == ComponentType.ChannelSelect && channelTypes?.FirstOrDefault(t => !KnownChannelTypes.Contains(t), -1) is int unknown and not -1)
        {
            throw new ArgumentOutOfRangeException(nameof(channelTypes), unknown, $"Discord's channel types are {string.Join(", ", KnownChannelTypes)}.");
        }

        SelectDefaultValue[]? defaults = defaultValues is null ? null : ValidateDefaultValues(type, defaultValues, minValues, maxValues);
        return new MessageComponent(type)
        {
            CustomId = customId, Placeholder = placeholder, MinValues = minValues, MaxValues = maxValues, Disabled = disabled,
            ChannelTypes = type == ComponentType.ChannelSelect && channelTypes is not null ? [.. channelTypes] : null,
            DefaultValues = defaults is { Length: > 0 } ? defaults : null,
        };
    }

    /// <summary>A text field for a modal (wrap it in an <see cref="ActionRow"/>).</summary>
    public static MessageComponent TextInput(string customId, string label, TextInputStyle style = TextInputStyle.Short, bool required = true,
        int? minLength = null, int? maxLength = null, string? placeholder = null, string? value = null)
    {
        ValidateCustomId(customId);
        ValidateLabel(label, MaxTextInputLabelLength);
        ValidatePlaceholder(placeholder, MaxTextInputPlaceholderLength);
        if (minLength is < 0 or > MaxTextInputLength) throw new ArgumentOutOfRangeException(nameof(minLength), minLength, $"0 to {MaxTextInputLength}.");
        if (maxLength is < 1 or > MaxTextInputLength || maxLength < minLength) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, $"1 to {MaxTextInputLength}, at least minLength.");
        if (value is { Length: > MaxTextInputLength }) throw new ArgumentOutOfRangeException(nameof(value), value.Length, $"A text input's value is at most {MaxTextInputLength} characters.");
        return new MessageComponent(ComponentType.TextInput)
        {
            CustomId = customId, Label = label, Style = (int)style, Required = required, MinLength = minLength, MaxLength = maxLength, Placeholder = placeholder, Value = value,
        };
    }

    // Discord's limits (https://discord.com/developers/docs/components/reference); over them the message or modal is refused with 50035.
    private const int MaxButtonLabelLength = 80;
    private const int MaxOptionTextLength = 100;
    private const int MaxSelectPlaceholderLength = 150;
    private const int MaxTextInputLabelLength = 45;
    private const int MaxTextInputPlaceholderLength = 100;
    private const int MaxTextInputLength = 4000;

    // https://discord.com/developers/docs/resources/channel#channel-object-channel-types; a channel select's
    // channel_types holding anything else is refused with 50035.
    private static readonly int[] KnownChannelTypes = [0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 16];

    // Each default value's type must be one the menu offers, and their number within min_values..max_values
    // (https://discord.com/developers/docs/components/reference#user-select); Discord refuses a mismatched type with
    // 50035 (discordjs/discord-api-types#824). None at all is sent as no field. Discord documents no rule for an entry
    // given twice: it is sent once (its first place), and only the distinct ones count against min/max. Returns them.
    private static SelectDefaultValue[] ValidateDefaultValues(ComponentType type, IReadOnlyList<SelectDefaultValue> defaultValues, int minValues, int maxValues)
    {
        for (int i = 0; i < defaultValues.Count; i++)
        {
            SelectDefaultValue value = defaultValues[i] ?? throw new ArgumentException($"Default value {i} is null.", nameof(defaultValues));
            bool fits = type switch
            {
                ComponentType.UserSelect => value.Type == SelectDefaultValueType.User,
                ComponentType.RoleSelect => value.Type == SelectDefaultValueType.Role,
                ComponentType.MentionableSelect => value.Type is SelectDefaultValueType.User or SelectDefaultValueType.Role,
                _ => value.Type == SelectDefaultValueType.Channel,
            };
            if (!fits)
            {
                string allowed = type switch
                {
                    ComponentType.UserSelect => "\"user\"",
                    ComponentType.RoleSelect => "\"role\"",
                    ComponentType.MentionableSelect => "\"user\" or \"role\"",
                    _ => "\"channel\"",
                };
                throw new ArgumentException($"A {type}'s default_values are of type {allowed}; default value {i} ({value.Id}) is a {value.Type}.", nameof(defaultValues));
            }

            if (value.Id == 0) throw new ArgumentException($"Default value {i} has no id.", nameof(defaultValues));
        }

        SelectDefaultValue[] distinct = [.. defaultValues.Distinct()];
        if (distinct.Length > 0 && (distinct.Length < minValues || distinct.Length > maxValues))
        {
            throw new ArgumentException($"A select's default_values count is within min_values..max_values ({minValues}..{maxValues}); {distinct.Length} given.", nameof(defaultValues));
        }

        return distinct;
    }

    private static void ValidateLabel(string label, int maxLength)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        if (label.Length > maxLength) throw new ArgumentOutOfRangeException(nameof(label), label.Length, $"A label is at most {maxLength} characters.");
    }

    private static void ValidatePlaceholder(string? placeholder, int maxLength)
    {
        if (placeholder is { Length: > 0 } && placeholder.Length > maxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(placeholder), placeholder.Length, $"A placeholder is at most {maxLength} characters.");
        }
    }

    private static void ValidateCustomId(string customId)
    {
        ArgumentException.ThrowIfNullOrEmpty(customId);
        if (customId.Length > 100) throw new ArgumentOutOfRangeException(nameof(customId), customId.Length, "A custom_id is at most 100 characters.");
    }

    private static void ValidateRange(int minValues, int maxValues)
    {
        if (minValues is < 0 or > 25) throw new ArgumentOutOfRangeException(nameof(minValues), minValues, "0 to 25.");
        if (maxValues is < 1 or > 25 || maxValues < minValues) throw new ArgumentOutOfRangeException(nameof(maxValues), maxValues, "1 to 25, at least minValues.");
    }
}
