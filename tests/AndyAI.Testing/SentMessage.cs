using AndyAI.Abstractions.Discord;

namespace AndyAI.Testing;

/// <summary>A message the code under test sent through <see cref="FakeDiscordBot"/>.</summary>
/// <param name="Id">The id the fake gave the stored message.</param>
/// <param name="ChannelId">The channel it was sent to.</param>
/// <param name="Message">What the caller passed.</param>
/// <param name="At">The fake bot's clock when it was sent.</param>
public sealed record SentMessage(ulong Id, ulong ChannelId, OutgoingMessage Message, DateTimeOffset At)
{
    /// <summary>The text as sent (before any later edit).</summary>
    public string Content => Message.Content;

    /// <summary>The message this one replies to, if any.</summary>
    public ulong? ReplyToMessageId => Message.ReplyToMessageId;
}
