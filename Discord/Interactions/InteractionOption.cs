namespace AndyAI.Discord.Interactions;

/// <summary>An option the user filled in, or a subcommand (group) with its own options.</summary>
public sealed class InteractionOption
{
    /// <summary>The option's name.</summary>
    public required string Name { get; init; }

    /// <summary>The option's type.</summary>
    public required ApplicationCommandOptionType Type { get; init; }

    /// <summary>
    /// The value: a <see cref="string"/> (string), <see cref="long"/> (integer), <see cref="double"/> (number),
    /// <see cref="bool"/> (boolean) or <see cref="ulong"/> id (user, channel, role, mentionable, attachment; look
    /// it up in <see cref="DiscordInteraction.Resolved"/>); <see langword="null"/> for subcommands. The focused
    /// option of an autocomplete interaction holds what was typed so far, as a <see cref="string"/>, whatever its type.
    /// </summary>
    public object? Value { get; init; }

    /// <summary>Whether the user is typing in this option (autocomplete).</summary>
    public bool IsFocused { get; init; }

    /// <summary>A subcommand's options or a group's subcommand; empty for value options.</summary>
    public IReadOnlyList<InteractionOption> Options { get; init; } = [];
}
