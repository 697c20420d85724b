namespace AndyAI.Abstractions.Memory;

/// <summary>The stored turns a question continues, oldest first (empty for a new conversation).</summary>
/// <param name="Turns">The turns, oldest first.</param>
/// <param name="LastTurnId">The host's id of the newest turn; the next turn is recorded after it. Null for a new conversation.</param>
/// <param name="IsReplyChainKnown">
/// For a reply: whether the replied-to message is in memory. When false, a cog may rebuild the chain another way
/// (from Discord).
/// </param>
public sealed record ConversationHistory(IReadOnlyList<ConversationTurn> Turns, long? LastTurnId, bool IsReplyChainKnown)
{
    /// <summary>No stored context: a new conversation.</summary>
    public static ConversationHistory Empty { get; } = new([], null, false);
}
