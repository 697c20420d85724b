namespace AndyAI.Abstractions.Discord;

/// <summary>A message to send.</summary>
/// <param name="Content">The text, 1 to 2000 characters.</param>
public sealed record OutgoingMessage(string Content)
{
    /// <summary>Makes the message a reply to this message (in the same channel).</summary>
    public ulong? ReplyToMessageId { get; init; }

    /// <summary>Whether a reply pings the author of the message it replies to. Defaults to <see langword="false"/>.</summary>
    public bool MentionRepliedUser { get; init; }

    /// <summary>The maximum length of <see cref="Content"/> that Discord accepts.</summary>
    public const int MaxContentLength = 2000;
}
