namespace AndyAI.Abstractions.Interactions;

/// <summary>
/// A group of subcommands (<c>/command group sub</c>), as Discord nests them: the command's handler serves them all
/// and reads <see cref="IInteractionContext.SubcommandGroup"/> and <see cref="IInteractionContext.Subcommand"/>.
/// Added in contract 1.2.
/// </summary>
/// <param name="Name">1–32 of <c>a-z 0-9 _ -</c>, unique among the command's subcommands and groups.</param>
/// <param name="Description">1–100 characters.</param>
public sealed record SlashSubcommandGroup(string Name, string Description)
{
    /// <summary>1–25 subcommands (a group holds no further groups).</summary>
    public IReadOnlyList<SlashSubcommand> Subcommands { get; init; } = [];
}
