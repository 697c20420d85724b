using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Tests.Fakes;

/// <summary>Keeps formatted log lines only: a logged exception object would pin a cog's code (its stack trace).</summary>
internal sealed class LineLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
}
