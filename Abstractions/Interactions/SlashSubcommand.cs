namespace AndyAI.Abstractions.Interactions;

/// <summary>A subcommand (<c>/command sub</c>) with its own options; the command's handler serves it.</summary>
/// <param name="Name">1–32 of <c>a-z 0-9 _ -</c>.</param>
/// <param name="Description">1–100 characters.</param>
public sealed record SlashSubcommand(string Name, string Description)
{
    /// <summary>Up to 25 options.</summary>
    public IReadOnlyList<SlashCommandOption> Options { get; init; } = [];
}
