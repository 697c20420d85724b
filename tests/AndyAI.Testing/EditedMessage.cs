namespace AndyAI.Testing;

/// <summary>An edit the code under test made through <see cref="FakeDiscordBot"/>.</summary>
/// <param name="Id">The edited message.</param>
/// <param name="ChannelId">Its channel.</param>
/// <param name="Content">The new text.</param>
/// <param name="At">The fake bot's clock when it was edited.</param>
public sealed record EditedMessage(ulong Id, ulong ChannelId, string Content, DateTimeOffset At);
