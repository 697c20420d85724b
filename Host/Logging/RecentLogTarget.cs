using NLog;
using NLog.Targets;

namespace AndyAI.Host.Logging;

/// <summary>
/// The last warnings and errors, in memory, for the dashboard's logs page. Its layout is wrapped in the masking
/// layout like every other target, so what it keeps has no secret in it.
/// </summary>
[Target("AndyAIRecent")]
internal sealed class RecentLogTarget : TargetWithLayout
{
    public const int DefaultCapacity = 200;

    private readonly Lock _gate = new();
    private readonly RecentLogEntry[] _entries;
    private long _written;

    public RecentLogTarget(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _entries = new RecentLogEntry[capacity];
        Name = "recent";
        Layout = "${message}${onexception:inner= | ${exception:format=type,message}}";
    }

    /// <summary>The entries kept, newest first.</summary>
    public IReadOnlyList<RecentLogEntry> Snapshot()
    {
        lock (_gate)
        {
            int count = (int)Math.Min(_written, _entries.Length);
            var list = new List<RecentLogEntry>(count);
            for (long i = _written - 1; i >= _written - count; i--)
            {
                list.Add(_entries[i % _entries.Length]);
            }

            return list;
        }
    }

    protected override void Write(LogEventInfo logEvent)
    {
        string text = RenderLogEvent(Layout, logEvent);
        var entry = new RecentLogEntry(logEvent.TimeStamp.ToUniversalTime(), logEvent.Level.Name, logEvent.LoggerName ?? "", text);
        lock (_gate)
        {
            _entries[_written % _entries.Length] = entry;
            _written++;
        }
    }
}
