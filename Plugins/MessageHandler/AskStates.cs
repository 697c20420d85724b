using System.Collections.Concurrent;
using System.Security.Cryptography;
using AndyAI.Abstractions.Storage;
using Microsoft.Extensions.Logging;

namespace AndyAI.Cogs.MessageHandler;

/// <summary>
/// The answers whose buttons still work, by a short random id carried in the buttons' custom ids, for
/// <see cref="MaxAge"/>. Kept in the cog's storage (<c>ask:&lt;id&gt;</c>, expiring with them), so buttons keep working
/// after a reload or a restart; a small in-memory copy serves the recent ones and covers a database outage. Also the
/// answers being streamed now, so <b>Stop</b> can cancel them (those only live in this instance).
/// </summary>
internal sealed class AskStates(ICogStorage? storage, TimeProvider time, ILogger logger, int capacity = AskStates.DefaultCapacity)
{
    public const int DefaultCapacity = 2000;
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(6);
    private const string KeyPrefix = "ask:";

    private readonly ConcurrentDictionary<string, AskState> _states = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private readonly ConcurrentDictionary<string, (ulong AskerId, CancellationTokenSource Stop)> _streaming = new(StringComparer.Ordinal);

    /// <summary>A new id: 12 hex digits, unguessable enough that a stranger's crafted id hits nothing.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public async Task SaveAsync(string id, AskState state, CancellationToken cancellationToken)
    {
        if (_states.TryAdd(id, state))
        {
            _order.Enqueue(id);
        }
        else
        {
            _states[id] = state;
        }

        while (_states.Count > capacity && _order.TryDequeue(out string? oldest))
        {
            _states.TryRemove(oldest, out _);
        }

        if (storage is not null)
        {
            try
            {
                await storage.SetAsync(KeyPrefix + id, state, MessageHandlerJsonContext.Default.AskState, MaxAge, cancellationToken);
            }
            catch (Exception ex) when (ex is StorageUnavailableException or NotSupportedException)
            {
                Log.AskStateNotStored(logger, ex); // the buttons work until this instance stops
            }
        }
    }

    public async Task<AskState?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (_states.TryGetValue(id, out AskState? state))
        {
            return time.GetUtcNow() - state.Created <= MaxAge ? state : null;
        }

        if (storage is null)
        {
            return null;
        }

        try
        {
            // Written by an earlier instance (before a reload or a restart); the storage expires it with the buttons.
            return await storage.GetAsync(KeyPrefix + id, MessageHandlerJsonContext.Default.AskState, cancellationToken);
        }
        catch (Exception ex) when (ex is StorageUnavailableException or NotSupportedException or System.Text.Json.JsonException)
        {
            Log.AskStateNotRead(logger, ex);
            return null;
        }
    }

    /// <summary>
    /// Deletes every answer state of <paramref name="askerId"/> (its question and answer text), in memory and in the
    /// cog's storage, for <c>/mydata delete</c>: their buttons then answer "expired". Returns how many were stored.
    /// </summary>
    /// <exception cref="StorageUnavailableException">The storage is unreachable; the in-memory copies are gone already.</exception>
    public async Task<int> DeleteAskerAsync(ulong askerId, CancellationToken cancellationToken)
    {
        foreach ((string id, AskState state) in _states)
        {
            if (state.AskerId == askerId)
            {
                _states.TryRemove(id, out _);
            }
        }

        if (storage is null)
        {
            return 0;
        }

        int deleted = 0;
        try
        {
            // The key carries no user id (the buttons' ids stay short), so each state is read to find the asker's.
            foreach (string key in await storage.ListKeysAsync(KeyPrefix, cancellationToken))
            {
                AskState? stored;
                try
                {
                    stored = await storage.GetAsync(key, MessageHandlerJsonContext.Default.AskState, cancellationToken);
                }
                catch (System.Text.Json.JsonException)
                {
                    continue;
                }

                if (stored?.AskerId == askerId && await storage.DeleteAsync(key, cancellationToken))
                {
                    deleted++;
                }
            }
        }
        catch (NotSupportedException)
        {
            // A host without cog storage kept only the in-memory copies.
        }

        return deleted;
    }

    /// <summary>Marks <paramref name="id"/>, asked by <paramref name="askerId"/>, as streaming; <see cref="TryStop"/> cancels <paramref name="stop"/>.</summary>
    public void StartStreaming(string id, ulong askerId, CancellationTokenSource stop) => _streaming[id] = (askerId, stop);

    public void EndStreaming(string id) => _streaming.TryRemove(id, out _);

    /// <summary>
    /// Asks a streaming answer of <paramref name="askerId"/> to stop; false when it is not streaming (finished, or
    /// written by an earlier instance) or is someone else's (a custom id naming the presser with another's answer).
    /// </summary>
    public bool TryStop(string id, ulong askerId)
    {
        if (!_streaming.TryGetValue(id, out (ulong AskerId, CancellationTokenSource Stop) streaming) || streaming.AskerId != askerId)
        {
            return false;
        }

        try
        {
            streaming.Stop.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }
}
