using AndyAI.Abstractions.Memory;

namespace AndyAI.Storage.Conversations;

/// <summary>A turn as read back, with its row id.</summary>
internal sealed record StoredTurn(long Id, ConversationTurn Turn);
