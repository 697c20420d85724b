namespace AndyAI.Abstractions.Interactions;

/// <summary>A predefined value of an option, or an autocomplete suggestion.</summary>
/// <param name="Name">What the user sees (1–100 characters).</param>
/// <param name="Value">What the handler receives: a <see cref="string"/>, <see cref="long"/> or <see cref="double"/>, matching the option's type.</param>
public sealed record SlashChoice(string Name, object Value);
