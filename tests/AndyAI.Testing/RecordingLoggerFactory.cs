using Microsoft.Extensions.Logging;

namespace AndyAI.Testing;

/// <summary>A logger factory whose every category writes to one <see cref="RecordingLogger"/>.</summary>
/// <param name="logger">The logger every category gets.</param>
public sealed class RecordingLoggerFactory(RecordingLogger logger) : ILoggerFactory
{
    /// <summary>Ignored: entries only go to the recording logger.</summary>
    public void AddProvider(ILoggerProvider provider)
    {
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => logger;

    /// <summary>Nothing to release.</summary>
    public void Dispose()
    {
    }
}
