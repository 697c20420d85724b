using AndyAI.Abstractions.Storage;

namespace AndyAI.Abstractions.Memory;

/// <summary>Memory that keeps nothing: what a context written against contract 1.1 offers.</summary>
public sealed class NoConversationMemory : IConversationMemory
{
    private NoConversationMemory()
    {
    }

    /// <summary>The one instance.</summary>
    public static NoConversationMemory Instance { get; } = new();

    /// <inheritdoc />
    public bool IsAvailable => false;

    /// <inheritdoc />
    public ValueTask<ConversationHistory> FindAsync(ConversationQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ConversationHistory.Empty);

    /// <inheritdoc />
    public ValueTask AppendAsync(ConversationHistory history, ConversationTurn turn, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask<int> ForgetAsync(ulong userId, ulong? channelId, CancellationToken cancellationToken) =>
        throw new StorageUnavailableException("This bot keeps no conversation memory.");

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ConversationTurn>> ExportAsync(ulong userId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<ConversationTurn>>([]);
}
