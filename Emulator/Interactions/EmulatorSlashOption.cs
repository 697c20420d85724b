namespace AndyAI.Emulator;

/// <summary>
/// One option of a registered slash command as the user's client sees it: its name, whether it is a subcommand or
/// a subcommand group (then <see cref="Options"/> are what it takes), in the order the bot declared them.
/// </summary>
/// <param name="Name">The option's name.</param>
/// <param name="IsSubcommand">A subcommand (type 1) or a group (type 2), not a value option.</param>
/// <param name="Options">A subcommand's options, or a group's subcommands; empty for a value option.</param>
public sealed record EmulatorSlashOption(string Name, bool IsSubcommand, IReadOnlyList<EmulatorSlashOption> Options)
{
    /// <summary>A value option whose suggestions the bot gives as the user types (<c>autocomplete: true</c>).</summary>
    public bool IsAutocomplete { get; init; }

    /// <summary>The names of the option's fixed choices, which the user's client lists itself as the user types; empty when it has none.</summary>
    public IReadOnlyList<string> ChoiceNames { get; init; } = [];

    /// <summary>The values of those choices as JSON text (<c>20</c>, <c>"fr"</c>), in the order of <see cref="ChoiceNames"/>.</summary>
    public IReadOnlyList<string> ChoiceValues { get; init; } = [];
}
