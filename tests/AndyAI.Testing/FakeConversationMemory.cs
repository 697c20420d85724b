using AndyAI.Abstractions.Memory;
using AndyAI.Abstractions.Storage;

namespace AndyAI.Testing;

/// <summary>
/// An in-memory <see cref="IConversationMemory"/> with the host's rules: a reply continues the chain of the turn that
/// holds the replied-to message; otherwise the chain of the user's latest turn in the channel within
/// <see cref="IdleWindow"/>. Set <see cref="IsAvailable"/> to false to play a database outage.
/// </summary>
public sealed class FakeConversationMemory(TimeProvider time) : IConversationMemory
{
    private readonly Lock _gate = new();
    private readonly List<(long Id, long? Parent, ConversationTurn Turn, DateTimeOffset At)> _turns = [];

    /// <summary>Consecutive questions within this time form one conversation (the host's default: 30 minutes).</summary>
    public TimeSpan IdleWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <inheritdoc />
    public bool IsAvailable { get; set; } = true;

    /// <summary>Every stored turn, oldest first.</summary>
    public IReadOnlyList<ConversationTurn> Turns
    {
        get
        {
            lock (_gate)
            {
                return [.. _turns.Select(t => t.Turn)];
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<ConversationHistory> FindAsync(ConversationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!IsAvailable || query.MaxTurns <= 0)
        {
            return ValueTask.FromResult(ConversationHistory.Empty);
        }

        lock (_gate)
        {
            int start = query.ReplyToMessageId is { } replyTo
                ? _turns.FindLastIndex(t => t.Turn.QuestionMessageId == replyTo || t.Turn.AnswerMessageIds.Contains(replyTo))
                : _turns.FindLastIndex(t => t.Turn.UserId == query.UserId && t.Turn.ChannelId == query.ChannelId && time.GetUtcNow() - t.At <= IdleWindow);
            var chain = new List<(long Id, ConversationTurn Turn)>();
            for (int i = start; i >= 0 && chain.Count < query.MaxTurns;)
            {
                chain.Add((_turns[i].Id, _turns[i].Turn));
                long? parent = _turns[i].Parent;
                i = parent is null ? -1 : _turns.FindIndex(t => t.Id == parent);
            }

            chain.Reverse();
            return ValueTask.FromResult(chain.Count == 0
                ? ConversationHistory.Empty
                : new ConversationHistory([.. chain.Select(c => c.Turn)], chain[^1].Id, query.ReplyToMessageId is not null));
        }
    }

    /// <inheritdoc />
    public ValueTask AppendAsync(ConversationHistory history, ConversationTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(turn);
        lock (_gate)
        {
            _turns.Add((_turns.Count == 0 ? 1 : _turns[^1].Id + 1, history.LastTurnId, turn, time.GetUtcNow()));
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ConversationTurn>> ExportAsync(ulong userId, CancellationToken cancellationToken)
    {
        if (!IsAvailable)
        {
            throw new StorageUnavailableException("The fake database is unavailable.");
        }

        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<ConversationTurn>>([.. _turns.Where(t => t.Turn.UserId == userId).Select(t => t.Turn)]);
        }
    }

    /// <inheritdoc />
    public ValueTask<int> ForgetAsync(ulong userId, ulong? channelId, CancellationToken cancellationToken)
    {
        if (!IsAvailable)
        {
            throw new StorageUnavailableException("The fake database is unavailable.");
        }

        lock (_gate)
        {
            return ValueTask.FromResult(_turns.RemoveAll(t => t.Turn.UserId == userId && (channelId is null || t.Turn.ChannelId == channelId)));
        }
    }
}
