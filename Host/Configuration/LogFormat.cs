namespace AndyAI.Host.Configuration;

/// <summary>How log lines are written (LOG_FORMAT).</summary>
internal enum LogFormat
{
    /// <summary>One readable line per event (the default).</summary>
    Text,

    /// <summary>One JSON object per line, for log shippers.</summary>
    Json,
}
