using System.Text;

namespace AndyAI.Host.Sandbox;

/// <summary>Where the chat stands, for the input loop's "has the bot answered?" check.</summary>
/// <param name="Events">Bot events seen so far (messages, edits, typing starts).</param>
/// <param name="LastActivity">Timestamp (of the transcript's clock) of the last bot event.</param>
/// <param name="Busy">A message is still changing, not yet printed, or the bot is typing with nothing sent since.</param>
internal readonly record struct TranscriptState(long Events, long LastActivity, bool Busy);
