namespace AndyAI.Host.Logging;

/// <summary>
/// Keeps a log line that a caller from outside can trigger at will from flooding the log. The first occurrence of a key
/// is logged in full (<see cref="Admit"/> returns true) and opens a window; later ones within it are only counted, and
/// when the window ends their count is written in one summary line (none when there were none). The next occurrence
/// after that is logged in full again and opens a new window: at most two lines per key and window, however many
/// requests. Keys are few and chosen by the host (a route), never by the caller.
/// </summary>
internal sealed class LogThrottle
{
    /// <summary>One minute.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time;
    private readonly Action<string, int, TimeSpan> _summarize;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, OpenWindow> _open = new(StringComparer.Ordinal);

    /// <param name="time">The clock of the windows.</param>
    /// <param name="window">How long occurrences after a logged one are only counted.</param>
    /// <param name="summarize">Writes the summary: the key, how many occurrences were counted, and the time they were
    /// counted in (the window, or less when <see cref="Flush"/> ended it early). It must
    /// hold nothing of a cog (a window's timer keeps it alive until the window ends).</param>
    public LogThrottle(TimeProvider time, TimeSpan window, Action<string, int, TimeSpan> summarize)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(summarize);
        _time = time;
        Window = window;
        _summarize = summarize;
    }

    /// <summary>How long occurrences after a logged one are only counted.</summary>
    public TimeSpan Window { get; }

    /// <summary>Whether this occurrence of <paramref name="key"/> is to be logged in full; when false it was counted for the summary.</summary>
    public bool Admit(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (_open.TryGetValue(key, out OpenWindow? open))
            {
                open.Counted++;
                return false;
            }

            var opened = new OpenWindow { Opened = _time.GetUtcNow() };
            _open[key] = opened;
            // Kept in the window: an unreferenced timer may be collected before it fires. It must not capture the
            // caller's execution context: Admit runs right after a cog's handler failed, and a handler that set an
            // async local before throwing synchronously left it in that context, so the timer would keep the cog's
            // types (and the request's HttpContext) reachable for the whole window and hold up the cog's unload.
            using (ExecutionContext.IsFlowSuppressed() ? default : ExecutionContext.SuppressFlow())
            {
                opened.Timer = _time.CreateTimer(static state => ((Closing)state!).Run(), new Closing(this, key), Window, Timeout.InfiniteTimeSpan);
            }
            return true;
        }
    }

    /// <summary>
    /// Ends every open window now (writing its summary, which covers the time the window was open) and stops its timer,
    /// as when the log's owner stops.
    /// </summary>
    public void Flush()
    {
        List<(string Key, int Counted, TimeSpan Open)> pending = [];
        DateTimeOffset now = _time.GetUtcNow();
        lock (_gate)
        {
            foreach ((string key, OpenWindow window) in _open)
            {
                window.Timer?.Dispose();
                if (window.Counted > 0) pending.Add((key, window.Counted, OpenFor(now - window.Opened)));
            }

            _open.Clear();
        }

        foreach ((string key, int counted, TimeSpan open) in pending)
        {
            _summarize(key, counted, open);
        }
    }

    // Whole seconds, at least one, at most the window: the summary reads "in the 00:00:20", never a fraction.
    private TimeSpan OpenFor(TimeSpan elapsed) =>
        TimeSpan.FromSeconds(Math.Clamp(Math.Ceiling(elapsed.TotalSeconds), 1, Math.Max(1, Window.TotalSeconds)));

    private void Close(string key)
    {
        int counted;
        lock (_gate)
        {
            if (!_open.Remove(key, out OpenWindow? window)) return;
            window.Timer?.Dispose();
            counted = window.Counted;
        }

        // Outside the lock: the logger may be slow, and occurrences meanwhile open the next window.
        if (counted > 0)
        {
            _summarize(key, counted, Window);
        }
    }

    private sealed class OpenWindow
    {
        public int Counted;
        public DateTimeOffset Opened;
        public ITimer? Timer;
    }

    private sealed record Closing(LogThrottle Throttle, string Key)
    {
        public void Run() => Throttle.Close(Key);
    }
}
