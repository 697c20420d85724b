using System.Collections.Concurrent;

namespace AndyAI.Host.Web;

/// <summary>
/// The ids of the interactions that came in over <c>POST /interactions</c>, kept for as long as their signed timestamp
/// is accepted (<see cref="InteractionsEndpoint.MaxClockSkew"/> either side of now). A signature stays valid, so a
/// request captured on its way (a proxy's log, say) could be sent again within that window and run its command a
/// second time as the same user, an owner's <c>/reload</c> included; Discord sends each interaction once.
/// </summary>
internal sealed class InteractionReplayGuard(TimeProvider time)
{
    // A request signed at t is accepted while this host's clock is within t ± skew: a replay can come up to twice the
    // skew after the first copy.
    private static readonly long KeepSeconds = 2 * (long)InteractionsEndpoint.MaxClockSkew.TotalSeconds + 60;

    private readonly ConcurrentDictionary<ulong, long> _seen = new(); // id → when it may be forgotten (Unix seconds)
    private long _nextSweep;

    /// <summary>True the first time <paramref name="interactionId"/> is seen in the window; false for a replay.</summary>
    public bool TryAccept(ulong interactionId)
    {
        long now = time.GetUtcNow().ToUnixTimeSeconds();
        long sweepAt = Volatile.Read(ref _nextSweep);
        if (now >= sweepAt && Interlocked.CompareExchange(ref _nextSweep, now + 60, sweepAt) == sweepAt)
        {
            foreach (KeyValuePair<ulong, long> entry in _seen)
            {
                if (entry.Value <= now) _seen.TryRemove(entry);
            }
        }

        return _seen.TryAdd(interactionId, now + KeepSeconds);
    }
}
