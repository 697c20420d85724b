namespace AndyAI.Host.Configuration;

/// <summary>
/// A setting is missing or malformed. The message is one line that names the setting; Program prints it and exits
/// with <see cref="ExitCodes.ConfigurationError"/>, never with a stack trace.
/// </summary>
internal sealed class ConfigurationException : Exception
{
    public ConfigurationException() : base("Invalid configuration") { }

    public ConfigurationException(string message) : base(message) { }

    public ConfigurationException(string message, Exception innerException) : base(message, innerException) { }
}
