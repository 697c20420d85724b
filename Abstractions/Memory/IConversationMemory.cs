namespace AndyAI.Abstractions.Memory;

/// <summary>
/// Conversations the host stores in its database (contract 1.2): what a user and the bot said before becomes the
/// context of the next question, across reloads and restarts. The host decides what belongs to a conversation (a
/// reply chain, or consecutive questions of one user in one channel within an idle window) and how long turns are
/// kept; a cog only asks and records.
/// </summary>
/// <remarks>
/// While the database is unreachable, <see cref="FindAsync"/> returns an empty history and <see cref="AppendAsync"/>
/// holds turns in memory until it is back: a cog answers without memory and never waits for the database.
/// </remarks>
public interface IConversationMemory
{
    /// <summary>Whether stored conversations can be read now (false without a database, or during an outage).</summary>
    bool IsAvailable { get; }

    /// <summary>The conversation a question continues: its newest turns, oldest first, within <see cref="ConversationQuery.MaxTurns"/>.</summary>
    ValueTask<ConversationHistory> FindAsync(ConversationQuery query, CancellationToken cancellationToken);

    /// <summary>Records an answered question as the next turn of <paramref name="history"/> (the value <see cref="FindAsync"/> returned).</summary>
    ValueTask AppendAsync(ConversationHistory history, ConversationTurn turn, CancellationToken cancellationToken);

    /// <summary>Deletes what <paramref name="userId"/> said and was answered, in one channel or (null) everywhere.</summary>
    /// <returns>How many turns were deleted.</returns>
    /// <exception cref="Storage.StorageUnavailableException">The database is unreachable; nothing was deleted.</exception>
    ValueTask<int> ForgetAsync(ulong userId, ulong? channelId, CancellationToken cancellationToken);

    /// <summary>Every stored turn of <paramref name="userId"/> (questions they asked, in every channel), oldest first: what <c>/mydata export</c> sends them.</summary>
    /// <exception cref="Storage.StorageUnavailableException">The database is unreachable.</exception>
    /// <exception cref="NotSupportedException">This memory cannot export (a test double written against 1.2's first draft).</exception>
    ValueTask<IReadOnlyList<ConversationTurn>> ExportAsync(ulong userId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This conversation memory cannot export.");
}
