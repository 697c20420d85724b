namespace AndyAI.Emulator;

/// <summary>Outcome of a flood.</summary>
/// <param name="Sent">MESSAGE_CREATE frames handed to the socket(s).</param>
/// <param name="Mentions">How many of them mention the bot.</param>
/// <param name="Elapsed">Wall time from the first frame queued to the last one written.</param>
public sealed record FloodResult(long Sent, long Mentions, TimeSpan Elapsed);
