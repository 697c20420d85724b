using System.Collections.Concurrent;

namespace AndyAI.Commands;

/// <summary>
/// Per-command, per-user cooldowns. A user hitting a cooldown is told once per window, not on every attempt, so
/// spamming a command cannot make the bot spam back. Expired entries are swept as the table grows.
/// </summary>
internal sealed class CooldownTracker(TimeProvider time)
{
    private const int MinimumSweepSize = 1024;

    private readonly ConcurrentDictionary<(string Command, ulong User), Entry> _entries = new();
    private int _sweepAt = MinimumSweepSize;

    public int Count => _entries.Count;

    /// <summary>Starts a cooldown, or says how long is left and whether to tell the user.</summary>
    public bool TryEnter(string command, ulong user, TimeSpan cooldown, out TimeSpan retryAfter, out bool notify)
    {
        long now = time.GetTimestamp();
        long readyAt = now + (long)(cooldown.TotalSeconds * time.TimestampFrequency);
        var key = (command, user);
        while (true)
        {
            if (!_entries.TryGetValue(key, out Entry entry))
            {
                if (_entries.TryAdd(key, new Entry(readyAt, Notified: false)))
                {
                    SweepIfLarge(now);
                    break;
                }

                continue;
            }

            if (now >= entry.ReadyAt)
            {
                if (_entries.TryUpdate(key, new Entry(readyAt, Notified: false), entry))
                {
                    break;
                }

                continue;
            }

            retryAfter = TimeSpan.FromSeconds((entry.ReadyAt - now) / (double)time.TimestampFrequency);
            if (entry.Notified)
            {
                notify = false;
                return false;
            }

            if (_entries.TryUpdate(key, entry with { Notified = true }, entry))
            {
                notify = true;
                return false;
            }
        }

        retryAfter = TimeSpan.Zero;
        notify = false;
        return true;
    }

    private void SweepIfLarge(long now)
    {
        if (_entries.Count < Volatile.Read(ref _sweepAt))
        {
            return;
        }

        foreach (KeyValuePair<(string Command, ulong User), Entry> pair in _entries)
        {
            if (now >= pair.Value.ReadyAt)
            {
                _entries.TryRemove(pair);
            }
        }

        Volatile.Write(ref _sweepAt, Math.Max(MinimumSweepSize, _entries.Count * 2));
    }

    private readonly record struct Entry(long ReadyAt, bool Notified);
}
