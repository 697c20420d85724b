namespace AndyAI.Cogs.MessageHandler;

/// <summary>
/// The last few message ids handled. A gateway resume or a duplicated dispatch must not produce a second answer
/// to the same message.
/// </summary>
internal sealed class RecentMessageIds(int capacity)
{
    private readonly Lock _gate = new();
    private readonly HashSet<ulong> _ids = new(capacity);
    private readonly ulong[] _ring = new ulong[capacity];
    private int _next;

    /// <summary>False when <paramref name="id"/> was seen among the last <c>capacity</c> ids.</summary>
    public bool TryAdd(ulong id)
    {
        lock (_gate)
        {
            if (!_ids.Add(id))
            {
                return false;
            }

            if (_ids.Count > _ring.Length)
            {
                _ids.Remove(_ring[_next]);
            }

            _ring[_next] = id;
            _next = (_next + 1) % _ring.Length;
            return true;
        }
    }
}
