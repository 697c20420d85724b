namespace AndyAI.Abstractions.Interactions;

/// <summary>
/// A button or select menu in an <see cref="InteractionReply"/>. Build one with the static methods; they refuse what
/// Discord would refuse (the message would otherwise come back as an error after the 3 seconds were spent).
/// </summary>
public sealed class InteractionComponent
{
    private InteractionComponent(InteractionComponentKind kind, string? customId, string? label)
    {
        Kind = kind;
        CustomId = customId;
        Label = label;
    }

    /// <summary>What it is.</summary>
    public InteractionComponentKind Kind { get; }

    /// <summary>The id the cog's component handler sees (the host namespaces it per cog), or <see langword="null"/> for a link.</summary>
    public string? CustomId { get; }

    /// <summary>A button's text.</summary>
    public string? Label { get; }

    /// <summary>A button's colour.</summary>
    public InteractionButtonStyle Style { get; private init; }

    /// <summary>A link button's URL.</summary>
    public Uri? Url { get; private init; }

    /// <summary>Whether it is greyed out.</summary>
    public bool Disabled { get; private init; }

    /// <summary>A select menu's entries.</summary>
    public IReadOnlyList<InteractionSelectOption> Options { get; private init; } = [];

    /// <summary>A select menu's text shown when nothing is picked.</summary>
    public string? Placeholder { get; private init; }

    /// <summary>A select menu's fewest picks (0–25; Discord's default 1). Added in contract 1.6.</summary>
    public int MinValues { get; private init; } = 1;

    /// <summary>A select menu's most picks (1–25, at least <see cref="MinValues"/>; Discord's default 1). Added in contract 1.6.</summary>
    public int MaxValues { get; private init; } = 1;

    /// <summary>
    /// A channel select's channel types (Discord's numbers: 0 text, 2 voice, 4 category, 5 announcement, 11 public
    /// thread, 15 forum…); empty offers every type. Added in contract 1.6.
    /// </summary>
    public IReadOnlyList<int> ChannelTypes { get; private init; } = [];

    /// <summary>
    /// A user, role, mentionable or channel select's entries shown already picked when it appears (Discord's
    /// <c>default_values</c>); empty for none. Set them with <see cref="WithDefaultValues"/>. Added in contract 1.7.
    /// </summary>
    public IReadOnlyList<InteractionSelectDefault> DefaultValues { get; private init; } = [];

    /// <summary>Whether the kind is one of the select menus.</summary>
    public bool IsSelect => Kind is InteractionComponentKind.Select or InteractionComponentKind.UserSelect or InteractionComponentKind.RoleSelect
        or InteractionComponentKind.MentionableSelect or InteractionComponentKind.ChannelSelect;

    /// <summary>A button that sends a component interaction with <paramref name="customId"/>.</summary>
    /// <exception cref="ArgumentException">An empty id or label.</exception>
    public static InteractionComponent Button(string customId, string label, InteractionButtonStyle style = InteractionButtonStyle.Primary, bool disabled = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(customId);
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        return new(InteractionComponentKind.Button, customId, label) { Style = style, Disabled = disabled };
    }

    /// <summary>A button that opens <paramref name="url"/>; it sends no interaction.</summary>
    public static InteractionComponent LinkButton(Uri url, string label)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        return new(InteractionComponentKind.LinkButton, null, label) { Url = url };
    }

    /// <summary>A menu of 1–25 entries; picking one sends a component interaction with <paramref name="customId"/>.</summary>
    /// <exception cref="ArgumentException">An empty id, or not 1–25 options.</exception>
    public static InteractionComponent Select(string customId, IReadOnlyList<InteractionSelectOption> options, string? placeholder = null) =>
        Select(customId, options, 1, 1, placeholder);

    /// <summary>
    /// A menu of 1–25 entries of which the user picks <paramref name="minValues"/> to <paramref name="maxValues"/>;
    /// the handler sees them in <see cref="IInteractionContext.SelectedValues"/>. Added in contract 1.6.
    /// </summary>
    /// <exception cref="ArgumentException">An empty id, not 1–25 options, or a pick count Discord refuses (see <see cref="UserSelect"/>).</exception>
    public static InteractionComponent Select(string customId, IReadOnlyList<InteractionSelectOption> options, int minValues, int maxValues, string? placeholder = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(customId);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Count is 0 or > MaxPicks)
        {
            throw new ArgumentException("A select menu has 1 to 25 options.", nameof(options));
        }

        CheckPicks(minValues, maxValues);
        return new(InteractionComponentKind.Select, customId, null) { Options = [.. options], Placeholder = placeholder, MinValues = minValues, MaxValues = maxValues };
    }

    /// <summary>
    /// A menu of the server's members; the handler sees the picked user ids in <see cref="IInteractionContext.SelectedValues"/>
    /// and the users in <see cref="IInteractionContext.SelectedUsers"/>. Added in contract 1.6.
    /// </summary>
    /// <param name="customId">The id the handler sees.</param>
    /// <param name="minValues">Fewest picks: 0–25 (0 lets the user clear the menu).</param>
    /// <param name="maxValues">Most picks: 1–25, at least <paramref name="minValues"/>.</param>
    /// <param name="placeholder">Grey text shown before a pick.</param>
    /// <exception cref="ArgumentException">An empty id, or <paramref name="minValues"/>/<paramref name="maxValues"/> out of range.</exception>
    public static InteractionComponent UserSelect(string customId, int minValues = 1, int maxValues = 1, string? placeholder = null) =>
        Entity(InteractionComponentKind.UserSelect, customId, minValues, maxValues, placeholder, []);

    /// <summary>A menu of the server's roles; the picks are in <see cref="IInteractionContext.SelectedRoles"/>. Added in contract 1.6.</summary>
    /// <inheritdoc cref="UserSelect" path="/param"/>
    /// <exception cref="ArgumentException">An empty id, or <paramref name="minValues"/>/<paramref name="maxValues"/> out of range.</exception>
    public static InteractionComponent RoleSelect(string customId, int minValues = 1, int maxValues = 1, string? placeholder = null) =>
        Entity(InteractionComponentKind.RoleSelect, customId, minValues, maxValues, placeholder, []);

    /// <summary>
    /// A menu of members and roles together; the picks are in <see cref="IInteractionContext.SelectedUsers"/> and
    /// <see cref="IInteractionContext.SelectedRoles"/>. Added in contract 1.6.
    /// </summary>
    /// <inheritdoc cref="UserSelect" path="/param"/>
    /// <exception cref="ArgumentException">An empty id, or <paramref name="minValues"/>/<paramref name="maxValues"/> out of range.</exception>
    public static InteractionComponent MentionableSelect(string customId, int minValues = 1, int maxValues = 1, string? placeholder = null) =>
        Entity(InteractionComponentKind.MentionableSelect, customId, minValues, maxValues, placeholder, []);

    /// <summary>
    /// A menu of the server's channels, of <paramref name="channelTypes"/> only when given; the picks are in
    /// <see cref="IInteractionContext.SelectedChannels"/>. Added in contract 1.6.
    /// </summary>
    /// <param name="customId">The id the handler sees.</param>
    /// <param name="channelTypes">Discord's channel types offered (0 text, 2 voice, 4 category, 5 announcement, 10–12 threads, 13 stage, 15 forum, 16 media), or <see langword="null"/> for all.</param>
    /// <param name="minValues">Fewest picks: 0–25.</param>
    /// <param name="maxValues">Most picks: 1–25, at least <paramref name="minValues"/>.</param>
    /// <param name="placeholder">Grey text shown before a pick.</param>
    /// <exception cref="ArgumentException">An empty id, a channel type Discord does not have, or <paramref name="minValues"/>/<paramref name="maxValues"/> out of range.</exception>
    public static InteractionComponent ChannelSelect(string customId, IReadOnlyList<int>? channelTypes = null, int minValues = 1, int maxValues = 1, string? placeholder = null)
    {
        foreach (int type in channelTypes ?? [])
        {
            if (!KnownChannelTypes.Contains(type))
            {
                throw new ArgumentOutOfRangeException(nameof(channelTypes), type, $"Discord's channel types are {string.Join(", ", KnownChannelTypes)}.");
            }
        }

        return Entity(InteractionComponentKind.ChannelSelect, customId, minValues, maxValues, placeholder, channelTypes ?? []);
    }

    /// <summary>
    /// This user, role, mentionable or channel select with <paramref name="values"/> shown already picked when it
    /// appears (Discord's <c>default_values</c>), in order; none removes them. An entry given twice is kept once (its
    /// first place). The user may keep or change them: the handler sees what was picked when the menu was closed, as
    /// for any pick. Added in contract 1.7.
    /// </summary>
    /// <param name="values">
    /// Users for a <see cref="UserSelect"/>, roles for a <see cref="RoleSelect"/>, users or roles for a
    /// <see cref="MentionableSelect"/>, channels for a <see cref="ChannelSelect"/>; <see cref="MinValues"/> to
    /// <see cref="MaxValues"/> of them. That the ids exist, and that a default channel is of one of
    /// the menu's <see cref="ChannelTypes"/>, is not checked: Discord documents no such rule.
    /// </param>
    /// <returns>A copy of this component with the default values; this one is unchanged.</returns>
    /// <exception cref="InvalidOperationException">This is a button or a string select (a string select's entries have no default in the contract).</exception>
    /// <exception cref="ArgumentException">A value of a kind this menu does not offer, or a count outside <see cref="MinValues"/>–<see cref="MaxValues"/>.</exception>
    /// <example><c>InteractionComponent.ChannelSelect("log:where", [0]).WithDefaultValues(InteractionSelectDefault.Channel(logChannelId))</c></example>
    public InteractionComponent WithDefaultValues(params IReadOnlyList<InteractionSelectDefault> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        string menu = Kind switch
        {
            InteractionComponentKind.UserSelect => "A user select",
            InteractionComponentKind.RoleSelect => "A role select",
            InteractionComponentKind.MentionableSelect => "A mentionable select",
            InteractionComponentKind.ChannelSelect => "A channel select",
            _ => throw new InvalidOperationException(
                $"Only user, role, mentionable and channel selects take default values (Discord's default_values); this is a {Kind}."),
        };

        for (int i = 0; i < values.Count; i++)
        {
            InteractionSelectDefault value = values[i] ?? throw new ArgumentException($"Default value {i} is null.", nameof(values));
            bool fits = Kind switch
            {
                InteractionComponentKind.UserSelect => value.Kind == InteractionSelectDefaultKind.User,
                InteractionComponentKind.RoleSelect => value.Kind == InteractionSelectDefaultKind.Role,
                InteractionComponentKind.MentionableSelect => value.Kind is InteractionSelectDefaultKind.User or InteractionSelectDefaultKind.Role,
                _ => value.Kind == InteractionSelectDefaultKind.Channel,
            };
            if (!fits)
            {
                throw new ArgumentException($"{menu}'s default values are {DefaultKinds(Kind)}; default value {i} is a {value.Kind.ToString().ToLowerInvariant()} ({value.Id}).", nameof(values));
            }
        }

        // Discord documents no rule for an entry given twice; one pick of it is what it can mean, so the second goes
        // (before the count, which it must not inflate).
        InteractionSelectDefault[] distinct = [.. values.Distinct()];
        if (distinct.Length > 0 && (distinct.Length < MinValues || distinct.Length > MaxValues))
        {
            throw new ArgumentException(
                $"{menu} picking {MinValues} to {MaxValues} takes {MinValues} to {MaxValues} default values (Discord refuses the message otherwise); {distinct.Length} given.", nameof(values));
        }

        return new(Kind, CustomId, Label)
        {
            Style = Style, Url = Url, Disabled = Disabled, Options = Options, Placeholder = Placeholder, MinValues = MinValues, MaxValues = MaxValues,
            ChannelTypes = ChannelTypes, DefaultValues = distinct,
        };
    }

    private static string DefaultKinds(InteractionComponentKind kind) => kind switch
    {
        InteractionComponentKind.UserSelect => "users",
        InteractionComponentKind.RoleSelect => "roles",
        InteractionComponentKind.MentionableSelect => "users or roles",
        _ => "channels",
    };

    // Discord's limits (https://discord.com/developers/docs/components/reference#string-select): over them the whole
    // message is refused with 50035.
    private const int MaxPicks = 25;

    /// <summary>The channel types a channel select may filter on (https://discord.com/developers/docs/resources/channel#channel-object-channel-types).</summary>
    private static readonly int[] KnownChannelTypes = [0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 16];

    private static InteractionComponent Entity(InteractionComponentKind kind, string customId, int minValues, int maxValues, string? placeholder, IReadOnlyList<int> channelTypes)
    {
        ArgumentException.ThrowIfNullOrEmpty(customId);
        CheckPicks(minValues, maxValues);
        return new(kind, customId, null) { Placeholder = placeholder, MinValues = minValues, MaxValues = maxValues, ChannelTypes = [.. channelTypes] };
    }

    private static void CheckPicks(int minValues, int maxValues)
    {
        if (minValues is < 0 or > MaxPicks)
        {
            throw new ArgumentOutOfRangeException(nameof(minValues), minValues, "A select menu's minValues is 0 to 25.");
        }

        if (maxValues is < 1 or > MaxPicks || maxValues < minValues)
        {
            throw new ArgumentOutOfRangeException(nameof(maxValues), maxValues, $"A select menu's maxValues is 1 to 25 and at least minValues ({minValues}).");
        }
    }
}
