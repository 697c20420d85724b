using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AndyAI.Cogs.MessageHandler.Tests.Fakes;

internal sealed record LogEntry(LogLevel Level, string Message, Exception? Exception, IReadOnlyList<KeyValuePair<string, object?>> State);

/// <summary>Keeps every log entry (all levels) with its formatted message, exception and structured values.</summary>
internal sealed class RecordingLogger : ILogger
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        IReadOnlyList<KeyValuePair<string, object?>> values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
        Entries.Enqueue(new LogEntry(logLevel, formatter(state, exception), exception, [.. values]));
    }

    /// <summary>Everything a log sink could write: messages, structured values and exception text.</summary>
    public string AllText() => string.Join("\n", Entries.Select(e =>
        e.Message + " | " + string.Join(", ", e.State.Select(kv => kv.Key + "=" + kv.Value)) + " | " + e.Exception));
}

internal sealed class RecordingLoggerFactory(RecordingLogger logger) : ILoggerFactory
{
    public void AddProvider(ILoggerProvider provider)
    {
    }

    public ILogger CreateLogger(string categoryName) => logger;

    public void Dispose()
    {
    }
}
