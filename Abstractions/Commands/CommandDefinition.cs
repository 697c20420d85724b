namespace AndyAI.Abstractions.Commands;

/// <summary>A prefix command: its metadata, from which usage lines and <c>!help</c> are generated, and its handler.</summary>
/// <param name="Name">The name typed after the prefix, lower case, no spaces.</param>
/// <param name="Description">One line for <c>!help</c>.</param>
/// <param name="Handler">Runs off the gateway receive loop. An exception is reported to the user briefly and logged in full.</param>
public sealed record CommandDefinition(string Name, string Description, Func<ICommandContext, CancellationToken, ValueTask> Handler)
{
    /// <summary>Other names for the command.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The arguments, in order. Optional ones come after required ones; a remainder comes last.</summary>
    public IReadOnlyList<CommandParameter> Parameters { get; init; } = [];

    /// <summary>Only the bot's owners (application owner, team members, <c>ADMIN_USER_IDS</c>) may run it.</summary>
    public bool OwnerOnly { get; init; }

    /// <summary>How long one user must wait between two uses, or <see langword="null"/> for no cooldown.</summary>
    public TimeSpan? Cooldown { get; init; }
}
