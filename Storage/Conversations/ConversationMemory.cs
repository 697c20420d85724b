using System.Collections.Concurrent;
using AndyAI.Abstractions.Memory;
using AndyAI.Abstractions.Storage;
using Microsoft.Extensions.Logging;

namespace AndyAI.Storage.Conversations;

/// <summary>
/// <see cref="IConversationMemory"/> over the database. A question in a thread continues everything stored in that
/// thread; elsewhere it continues the conversation of the message it replies to, or else the chain of the user's
/// latest turn in the channel, when that is within the idle window.
/// While the database is out of reach, reads return nothing at once and turns wait in a bounded backlog that the
/// background service writes when it is back.
/// </summary>
internal sealed class ConversationMemory(DatabaseAccess database, ILogger<ConversationMemory> logger) : IConversationMemory
{
    private readonly ConcurrentQueue<PendingTurn> _backlog = new();
    private int _backlogCount;
    private int _backlogFullLogged;

    public bool IsAvailable => database.IsAvailable;

    /// <summary>Turns waiting for the database.</summary>
    public int BacklogCount => Volatile.Read(ref _backlogCount);

    public async ValueTask<ConversationHistory> FindAsync(ConversationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.MaxTurns <= 0 || !database.IsAvailable)
        {
            return ConversationHistory.Empty;
        }

        long now = database.NowMilliseconds();
        long oldest = now - (long)database.Options.Retention.TotalMilliseconds;
        try
        {
            if (query.IsThread)
            {
                List<StoredTurn> thread = await database.RunAsync("conversation lookup", write: false,
                    (connection, ct) => ConversationStore.LatestInChannelAsync(connection, query.ChannelId, query.MaxTurns, oldest, ct), cancellationToken);
                return History(thread, isReplyChainKnown: thread.Count > 0);
            }

            if (query.ReplyToMessageId is { } replyTo)
            {
                List<StoredTurn> chain = await database.RunAsync("conversation lookup", write: false,
                    (connection, ct) => ConversationStore.ChainOfMessageAsync(connection, replyTo, query.MaxTurns, oldest, ct), cancellationToken);
                return History(chain, isReplyChainKnown: chain.Count > 0);
            }

            long since = Math.Max(oldest, now - (long)database.Options.ConversationIdleWindow.TotalMilliseconds);
            List<StoredTurn> latest = await database.RunAsync("conversation lookup", write: false,
                (connection, ct) => ConversationStore.ChainOfLatestAsync(connection, query.UserId, query.ChannelId, since, query.MaxTurns, oldest, ct), cancellationToken);
            return History(latest, isReplyChainKnown: false);
        }
        catch (Exception ex) when (TransientFailures.IsDatabaseFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            database.MarkUnavailable(ex);
            return ConversationHistory.Empty;
        }
    }

    public async ValueTask AppendAsync(ConversationHistory history, ConversationTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(turn);
        var pending = new PendingTurn(turn, history.LastTurnId, database.NowMilliseconds());
        if (!database.IsAvailable)
        {
            Hold(pending);
            return;
        }

        try
        {
            await WriteAsync(pending, cancellationToken);
        }
        catch (Exception ex) when (TransientFailures.IsDatabaseFailure(ex))
        {
            database.MarkUnavailable(ex);
            Hold(pending);
        }
    }

    public async ValueTask<int> ForgetAsync(ulong userId, ulong? channelId, CancellationToken cancellationToken)
    {
        if (!database.IsAvailable)
        {
            throw new StorageUnavailableException($"The database is unavailable ({database.LastError}); nothing was deleted.");
        }

        try
        {
            return await database.RunAsync("forget", write: true,
                (connection, ct) => ConversationStore.DeleteUserAsync(connection, userId, channelId, ct), cancellationToken);
        }
        catch (Exception ex) when (TransientFailures.IsDatabaseFailure(ex))
        {
            database.MarkUnavailable(ex);
            throw new StorageUnavailableException("The database is unavailable; nothing was deleted.", ex);
        }
    }

    public async ValueTask<IReadOnlyList<ConversationTurn>> ExportAsync(ulong userId, CancellationToken cancellationToken)
    {
        if (!database.IsAvailable)
        {
            throw new StorageUnavailableException($"The database is unavailable ({database.LastError}).");
        }

        try
        {
            List<StoredTurn> turns = await database.RunAsync("export", write: false,
                (connection, ct) => ConversationStore.AllOfUserAsync(connection, userId, ct), cancellationToken);
            return [.. turns.Select(t => t.Turn)];
        }
        catch (Exception ex) when (TransientFailures.IsDatabaseFailure(ex))
        {
            database.MarkUnavailable(ex);
            throw new StorageUnavailableException("The database is unavailable.", ex);
        }
    }

    /// <summary>Writes the turns held during an outage, oldest first. Returns how many were written; throws when the database fails again.</summary>
    public async Task<int> FlushBacklogAsync(CancellationToken cancellationToken)
    {
        int written = 0;
        while (_backlog.TryPeek(out PendingTurn? pending))
        {
            try
            {
                await WriteAsync(pending, cancellationToken);
                written++;
            }
            catch (Exception ex) when (!TransientFailures.IsDatabaseFailure(ex) && ex is not OperationCanceledException)
            {
                // Not an outage: this turn cannot be written at all; holding it would block every later one.
                StorageLog.BacklogTurnDropped(logger, ex);
            }

            if (_backlog.TryDequeue(out _))
            {
                Interlocked.Decrement(ref _backlogCount);
            }
        }

        return written;
    }

    private Task<long> WriteAsync(PendingTurn pending, CancellationToken cancellationToken) =>
        database.RunAsync("conversation append", write: true,
            (connection, ct) => ConversationStore.InsertAsync(connection, pending.Turn, pending.ParentId, pending.CreatedAt, ct), cancellationToken);

    private void Hold(PendingTurn pending)
    {
        int capacity = database.Options.BacklogCapacity;
        if (capacity == 0)
        {
            return;
        }

        _backlog.Enqueue(pending);
        if (Interlocked.Increment(ref _backlogCount) > capacity && _backlog.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _backlogCount);
            if (Interlocked.Exchange(ref _backlogFullLogged, 1) == 0)
            {
                StorageLog.BacklogFull(logger, capacity);
            }
        }
    }

    internal void ResetBacklogWarning() => Volatile.Write(ref _backlogFullLogged, 0);

    private static ConversationHistory History(List<StoredTurn> chain, bool isReplyChainKnown) => chain.Count == 0
        ? ConversationHistory.Empty
        : new ConversationHistory([.. chain.Select(t => t.Turn)], chain[^1].Id, isReplyChainKnown);

    private sealed record PendingTurn(ConversationTurn Turn, long? ParentId, long CreatedAt);
}
