using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace AndyAI.Cogs.MessageHandler;

/// <summary>What the buttons under an <c>/ask</c> answer need: who asked, what, and the answer so far.</summary>
/// <param name="AskerId">Only this user may press the buttons.</param>
/// <param name="Prompt">The question.</param>
/// <param name="Answer">The answer shown (all of it, continuations included).</param>
/// <param name="Private">Whether the answer is ephemeral.</param>
/// <param name="Created">When the answer was written.</param>
internal sealed record AskState(ulong AskerId, string Prompt, string Answer, bool Private, DateTimeOffset Created);

/// <summary>
/// The answers whose buttons still work, by a short random id carried in the buttons' custom ids; bounded in count
/// and age (the oldest go first). Held in memory: after a restart or a reload the old buttons answer that they
/// expired. Also the answers being streamed now, so <b>Stop</b> can cancel them.
/// </summary>
internal sealed class AskStates(TimeProvider time, int capacity = AskStates.DefaultCapacity)
{
    public const int DefaultCapacity = 2000;
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(6);

    private readonly ConcurrentDictionary<string, AskState> _states = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _streaming = new(StringComparer.Ordinal);

    /// <summary>A new id: 12 hex digits, unguessable enough that a stranger's crafted id hits nothing.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public void Save(string id, AskState state)
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
    }

    public AskState? Find(string id) =>
        _states.TryGetValue(id, out AskState? state) && time.GetUtcNow() - state.Created <= MaxAge ? state : null;

    /// <summary>Marks <paramref name="id"/> as streaming; <see cref="TryStop"/> cancels <paramref name="stop"/>.</summary>
    public void StartStreaming(string id, CancellationTokenSource stop) => _streaming[id] = stop;

    public void EndStreaming(string id) => _streaming.TryRemove(id, out _);

    /// <summary>Asks a streaming answer to stop; false when it is not streaming (finished, or written by an earlier instance).</summary>
    public bool TryStop(string id)
    {
        if (!_streaming.TryGetValue(id, out CancellationTokenSource? stop))
        {
            return false;
        }

        try
        {
            stop.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }
}
