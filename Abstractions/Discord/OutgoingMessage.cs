namespace AndyAI.Abstractions.Discord;

/// <summary>A message to send.</summary>
/// <param name="Content">The text, 1 to 2000 characters.</param>
public sealed record OutgoingMessage(string Content)
{
    /// <summary>Makes the message a reply to this message (in the same channel).</summary>
    public ulong? ReplyToMessageId { get; init; }

    /// <summary>Whether a reply pings the author of the message it replies to. Defaults to <see langword="false"/>.</summary>
    public bool MentionRepliedUser { get; init; }

    /// <summary>
    /// Users that <c>&lt;@id&gt;</c> mentions in <see cref="Content"/> may ping (Discord's <c>allowed_mentions.users</c>; at most
    /// <see cref="MaxMentionUsers"/>). Empty by default: a mention in the text then shows but notifies nobody. Nothing
    /// here can ping <c>@everyone</c>, <c>@here</c> or a role. Contract 1.3; an older host ignores it.
    /// </summary>
    public IReadOnlyList<ulong> MentionUsers { get; init; } = [];

    /// <summary>The most users one message may ping through <see cref="MentionUsers"/> (Discord's limit).</summary>
    public const int MaxMentionUsers = 100;

    /// <summary>The maximum length of <see cref="Content"/> that Discord accepts.</summary>
    public const int MaxContentLength = 2000;
}
