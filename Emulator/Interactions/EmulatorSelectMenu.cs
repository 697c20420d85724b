namespace AndyAI.Emulator;

/// <summary>A select menu on a message, as a user's client shows it.</summary>
/// <param name="CustomId">What <see cref="DiscordEmulator.SelectMenuAsync"/> takes.</param>
/// <param name="Type">Discord's component type: 3 string, 5 user, 6 role, 7 mentionable, 8 channel.</param>
/// <param name="Placeholder">The grey text shown before a pick, or null.</param>
/// <param name="MinValues">Fewest picks (Discord's default 1).</param>
/// <param name="MaxValues">Most picks (Discord's default 1).</param>
/// <param name="Options">A string select's entries: (label, value), in order; empty for the others.</param>
/// <param name="ChannelTypes">A channel select's channel types; empty offers all.</param>
/// <param name="Disabled">Whether it is greyed out.</param>
public sealed record EmulatorSelectMenu(string CustomId, int Type, string? Placeholder, int MinValues, int MaxValues,
    IReadOnlyList<(string Label, string Value)> Options, IReadOnlyList<int> ChannelTypes, bool Disabled)
{
    /// <summary>
    /// A user, role, mentionable or channel select's entries shown already picked (<c>default_values</c>), in order:
    /// (id, <c>"user"</c>, <c>"role"</c> or <c>"channel"</c>); empty for none. The user's pick replaces them.
    /// </summary>
    public IReadOnlyList<(ulong Id, string Type)> DefaultValues { get; init; } = [];
}
