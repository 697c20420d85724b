namespace AndyAI.Abstractions.Interactions;

/// <summary>One option of a slash command: what the user fills in.</summary>
/// <param name="Name">1–32 of <c>a-z 0-9 _ -</c>, unique in its command or subcommand.</param>
/// <param name="Type">The value's type, and the CLR type <see cref="IInteractionContext.GetOption{T}"/> returns.</param>
/// <param name="Description">1–100 characters.</param>
public sealed record SlashCommandOption(string Name, SlashOptionType Type, string Description)
{
    /// <summary>Whether the user must fill it in. Required options come before optional ones.</summary>
    public bool Required { get; init; }

    /// <summary>Up to 25 values to pick from (string, integer and number options), or empty for free input.</summary>
    public IReadOnlyList<SlashChoice> Choices { get; init; } = [];

    /// <summary>The smallest value of an integer or number option, or <see langword="null"/>.</summary>
    public double? MinValue { get; init; }

    /// <summary>The largest value of an integer or number option, or <see langword="null"/>.</summary>
    public double? MaxValue { get; init; }

    /// <summary>The shortest text of a string option (0–6000), or <see langword="null"/>.</summary>
    public int? MinLength { get; init; }

    /// <summary>The longest text of a string option (1–6000), or <see langword="null"/>.</summary>
    public int? MaxLength { get; init; }

    /// <summary>
    /// Suggests values while the user types (string, integer and number options without <see cref="Choices"/>). The
    /// host sends at most 25 of what it returns; it has about 2 seconds.
    /// </summary>
    public Func<IAutocompleteContext, CancellationToken, ValueTask<IReadOnlyList<SlashChoice>>>? Autocomplete { get; init; }
}
