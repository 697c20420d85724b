namespace AndyAI.Host.Web;

/// <summary>
/// How many bytes of cog-route request bodies the process holds at once, across every request: each request reserves
/// its Content-Length (or, for a chunked body, its route's limit) before reading and gives it back when its handler is
/// done. Without it, callers of an anonymous route could hold a route's 1 MiB per connection on as many connections as
/// they like; over the budget a request is answered 503 at once, before its body is read.
/// </summary>
/// <param name="capacity">The bytes that may be reserved at once.</param>
internal sealed class CogRequestBodyBudget(long capacity)
{
    /// <summary>16 MiB: sixteen 1 MiB webhook deliveries in flight at once, far more than a bot's webhooks send.</summary>
    public const long DefaultCapacity = 16L * 1024 * 1024;

    private long _reserved;

    /// <summary>The bytes that may be reserved at once.</summary>
    public long Capacity => capacity;

    /// <summary>The bytes reserved now.</summary>
    public long Reserved => Volatile.Read(ref _reserved);

    /// <summary>Reserves <paramref name="bytes"/>, or returns false (and reserves nothing) when that would pass the capacity.</summary>
    public bool TryReserve(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        long current = Volatile.Read(ref _reserved);
        while (true)
        {
            if (current + bytes > capacity)
            {
                return false;
            }

            long seen = Interlocked.CompareExchange(ref _reserved, current + bytes, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }
    }

    /// <summary>Gives back what <see cref="TryReserve"/> reserved.</summary>
    public void Release(long bytes) => Interlocked.Add(ref _reserved, -bytes);
}
