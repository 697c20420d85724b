namespace AndyAI.Emulator;

/// <summary>
/// An option a simulated user fills in when invoking a slash command: a value option (<paramref name="Value"/>: a
/// <see cref="string"/>, <see cref="long"/>/<see cref="int"/>, <see cref="double"/>, <see cref="bool"/>, or a
/// <see cref="ulong"/> id for user, channel, role and mentionable options; a file name for attachment options), or
/// a subcommand / group with <see cref="Options"/>. The option's type comes from the registered command.
/// </summary>
/// <param name="Name">The option's name.</param>
/// <param name="Value">The value; null for subcommands and groups.</param>
public sealed record EmulatorCommandOption(string Name, object? Value = null)
{
    /// <summary>A subcommand's options, or a group's subcommand.</summary>
    public IReadOnlyList<EmulatorCommandOption> Options { get; init; } = [];

    /// <summary>For autocomplete: the option being typed in (its <see cref="Value"/> is the text so far).</summary>
    public bool Focused { get; init; }

    /// <summary>A subcommand (or group) with its options.</summary>
    public static EmulatorCommandOption SubCommand(string name, params EmulatorCommandOption[] options) => new(name) { Options = options };
}
