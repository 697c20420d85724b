namespace AndyAI.Abstractions.Interactions;

/// <summary>An entry of a select menu.</summary>
/// <param name="Label">What the user sees (1–100 characters).</param>
/// <param name="Value">What the handler receives in <see cref="IInteractionContext.SelectedValues"/> (1–100 characters).</param>
public sealed record InteractionSelectOption(string Label, string Value);
