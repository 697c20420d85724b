using System.Collections.Concurrent;

namespace AndyAI.Cogs.MessageHandler;

/// <summary>
/// Remembers, per key, until when a cooldown notice has been given, so a limited user gets one notice per window
/// and then silence (a notice per denied message would itself be spam, and costs a Discord request).
/// </summary>
internal sealed class CooldownNotices(TimeProvider time)
{
    // Past this many keys, expired entries are swept; live entries are bounded by the limiter's denials.
    private const int SweepThreshold = 4096;

    private readonly ConcurrentDictionary<ulong, long> _quietUntil = new();

    /// <summary>True when a notice should be sent now; the key is then quiet for <paramref name="window"/>.</summary>
    public bool TryBeginWindow(ulong key, TimeSpan window)
    {
        long now = time.GetTimestamp();
        long until = now + (long)(window.TotalSeconds * time.TimestampFrequency);
        while (true)
        {
            if (_quietUntil.TryGetValue(key, out long current))
            {
                if (now < current)
                {
                    return false;
                }

                if (_quietUntil.TryUpdate(key, until, current))
                {
                    return true;
                }
            }
            else if (_quietUntil.TryAdd(key, until))
            {
                if (_quietUntil.Count > SweepThreshold)
                {
                    Sweep(now);
                }

                return true;
            }
        }
    }

    /// <summary>The key was served again: its next denial may be noticed at once.</summary>
    public void Forget(ulong key)
    {
        if (!_quietUntil.IsEmpty)
        {
            _quietUntil.TryRemove(key, out _);
        }
    }

    internal int Count => _quietUntil.Count;

    private void Sweep(long now)
    {
        foreach (KeyValuePair<ulong, long> entry in _quietUntil)
        {
            if (entry.Value <= now)
            {
                _quietUntil.TryRemove(entry);
            }
        }
    }
}
