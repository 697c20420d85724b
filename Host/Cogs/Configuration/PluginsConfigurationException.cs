namespace AndyAI.Host.Cogs.Configuration;

/// <summary>plugins.json cannot be used. The message is one line that names the file and, for bad JSON, the line and position.</summary>
internal sealed class PluginsConfigurationException : Exception
{
    public PluginsConfigurationException()
    {
    }

    public PluginsConfigurationException(string message)
        : base(message)
    {
    }

    public PluginsConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>1-based line of the JSON error or of the key or value of the wrong kind; null for other problems.</summary>
    public long? Line { get; init; }

    /// <summary>1-based byte position in that line, or null.</summary>
    public long? Position { get; init; }
}
