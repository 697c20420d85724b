namespace AndyAI.Abstractions.Interactions;

/// <summary>A message answering an interaction. Mentions in it never ping.</summary>
/// <param name="Content">Up to 2000 characters, or <see langword="null"/> (an edit then keeps the text).</param>
public sealed record InteractionReply(string? Content)
{
    /// <summary>Only the invoking user sees it.</summary>
    public bool Ephemeral { get; init; }

    /// <summary>
    /// Buttons and select menus, in order; the host lays them out in rows (up to five buttons a row, a select menu
    /// alone in its own; at most five rows). <see langword="null"/> sends none (an edit then keeps them); empty removes them.
    /// </summary>
    public IReadOnlyList<InteractionComponent>? Components { get; init; }

    /// <summary>Files to attach, up to 10 (contract 1.2).</summary>
    public IReadOnlyList<InteractionFile>? Files { get; init; }

    /// <summary>Text for everyone.</summary>
    public static InteractionReply Public(string content) => new(content);

    /// <summary>Text only the invoking user sees.</summary>
    public static InteractionReply Private(string content) => new(content) { Ephemeral = true };
}
