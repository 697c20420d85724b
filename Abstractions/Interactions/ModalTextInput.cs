namespace AndyAI.Abstractions.Interactions;

/// <summary>A text input of a modal.</summary>
/// <param name="CustomId">The key of its text in <see cref="IInteractionContext.ModalValues"/>.</param>
/// <param name="Label">1–45 characters.</param>
public sealed record ModalTextInput(string CustomId, string Label)
{
    /// <summary>Several lines instead of one.</summary>
    public bool Paragraph { get; init; }

    /// <summary>Whether it must be filled in. Defaults to true.</summary>
    public bool Required { get; init; } = true;

    /// <summary>The shortest accepted text, or <see langword="null"/>.</summary>
    public int? MinLength { get; init; }

    /// <summary>The longest accepted text (up to 4000), or <see langword="null"/>.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Text shown while empty, or <see langword="null"/>.</summary>
    public string? Placeholder { get; init; }

    /// <summary>Text filled in beforehand, or <see langword="null"/>.</summary>
    public string? Value { get; init; }
}
