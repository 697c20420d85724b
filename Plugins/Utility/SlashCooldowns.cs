using System.Collections.Concurrent;
using AndyAI.Abstractions;

namespace AndyAI.Cogs.Utility;

/// <summary>
/// Per-command, per-user cooldowns of the slash twins. The command framework gives <c>!ping</c> its cooldown; the
/// slash framework has none, and a public <c>/ping</c> without one could be spammed. Each slash command keeps its
/// own window (the framework's tracker for <c>!ping</c> is not reachable from a cog). Expired entries are swept as
/// the table grows.
/// </summary>
internal sealed class SlashCooldowns(TimeProvider time, TimeSpan cooldown)
{
    private const int MinimumSweepSize = 1024;

    private readonly ConcurrentDictionary<(string Command, ulong User), long> _readyAt = new();
    private int _sweepAt = MinimumSweepSize;

    public int Count => _readyAt.Count;

    /// <summary>Starts a cooldown, or says how long is left.</summary>
    public bool TryEnter(string command, ulong user, out TimeSpan retryAfter)
    {
        long now = time.GetTimestamp();
        long readyAt = now + (long)(cooldown.TotalSeconds * time.TimestampFrequency);
        var key = (command, user);
        while (true)
        {
            if (!_readyAt.TryGetValue(key, out long current))
            {
                if (_readyAt.TryAdd(key, readyAt))
                {
                    SweepIfLarge(now);
                    break;
                }
            }
            else if (now < current)
            {
                retryAfter = TimeSpan.FromSeconds((current - now) / (double)time.TimestampFrequency);
                return false;
            }
            else if (_readyAt.TryUpdate(key, readyAt, current))
            {
                break;
            }
        }

        retryAfter = TimeSpan.Zero;
        return true;
    }

    /// <summary>
    /// The framework's refusal for <c>!ping</c>, for the slash twin: whole seconds rounded up, so a user never reads
    /// "0 s" and retries too early.
    /// </summary>
    public static string Refusal(string shownName, TimeSpan retryAfter) =>
        $"`{shownName}` is cooling down: try again in {DurationText.Format(TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds))))}.";

    private void SweepIfLarge(long now)
    {
        if (_readyAt.Count < Volatile.Read(ref _sweepAt))
        {
            return;
        }

        foreach (KeyValuePair<(string Command, ulong User), long> pair in _readyAt)
        {
            if (now >= pair.Value)
            {
                _readyAt.TryRemove(pair);
            }
        }

        Volatile.Write(ref _sweepAt, Math.Max(MinimumSweepSize, _readyAt.Count * 2));
    }
}
