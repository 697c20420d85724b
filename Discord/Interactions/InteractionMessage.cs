namespace AndyAI.Discord.Interactions;

/// <summary>
/// A message sent in answer to an interaction: the initial response, an edit of it, or a follow-up. Mentions in it
/// never ping (<c>allowed_mentions</c> is always empty), and the host's outgoing content filter applies to
/// <see cref="Content"/>.
/// </summary>
public sealed class InteractionMessage
{
    /// <summary>Discord's EPHEMERAL message flag.</summary>
    public const int EphemeralFlag = 64;

    /// <summary>The text (up to 2000 characters), or <see langword="null"/> to send none (an edit then keeps the current text).</summary>
    public string? Content { get; init; }

    /// <summary>Whether only the invoking user sees it (initial responses and follow-ups; an edit cannot change it).</summary>
    public bool IsEphemeral { get; init; }

    /// <summary>Up to five action rows, or <see langword="null"/> to send none (an edit then keeps the current ones; empty removes them).</summary>
    public IReadOnlyList<MessageComponent>? Components { get; init; }

    /// <summary>Files to attach (up to <see cref="MessageFile.MaxFilesPerMessage"/>); the request becomes multipart.</summary>
    public IReadOnlyList<MessageFile>? Files { get; init; }
}
