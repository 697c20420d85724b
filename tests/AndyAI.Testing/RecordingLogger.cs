using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AndyAI.Testing;

/// <summary>A logger that keeps every entry (all levels) with its formatted message, exception and structured values.</summary>
public sealed class RecordingLogger : ILogger
{
    /// <summary>Every entry, in order.</summary>
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => true;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        IReadOnlyList<KeyValuePair<string, object?>> values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
        Entries.Enqueue(new LogEntry(logLevel, formatter(state, exception), exception, [.. values]));
    }

    /// <summary>Everything a log sink could write, one entry a line: messages, structured values and exception text (to look for leaked secrets, say).</summary>
    public string AllText() => string.Join("\n", Entries.Select(e =>
        e.Message + " | " + string.Join(", ", e.State.Select(kv => kv.Key + "=" + kv.Value)) + " | " + e.Exception));
}
