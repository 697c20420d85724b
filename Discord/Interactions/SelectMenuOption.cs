namespace AndyAI.Discord.Interactions;

/// <summary>One entry of a string select menu.</summary>
/// <param name="Label">What the user sees (1–100 characters).</param>
/// <param name="Value">What the bot receives (1–100 characters).</param>
public sealed record SelectMenuOption(string Label, string Value)
{
    /// <summary>A second line under the label, or <see langword="null"/>.</summary>
    public string? Description { get; init; }

    /// <summary>Whether it is selected when the menu is shown.</summary>
    public bool IsDefault { get; init; }
}
