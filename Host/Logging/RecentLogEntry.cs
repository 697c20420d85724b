namespace AndyAI.Host.Logging;

/// <summary>One kept log line.</summary>
internal sealed record RecentLogEntry(DateTime Time, string Level, string Logger, string Text);
