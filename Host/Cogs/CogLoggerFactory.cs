using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Cogs;

/// <summary>The host's logger factory as a cog sees it: it can create loggers, but not add providers or dispose it.</summary>
internal sealed class CogLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => inner.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("Cogs cannot add logging providers; logging is configured by the host (nlog.config).");

    public void Dispose()
    {
        // The host owns the factory; a cog disposing it must not end logging for everyone.
    }
}
