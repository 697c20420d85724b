using Microsoft.Extensions.Logging;

namespace AndyAI.Testing;

/// <summary>One entry a <see cref="RecordingLogger"/> kept.</summary>
/// <param name="Level">The entry's level.</param>
/// <param name="Message">The formatted message.</param>
/// <param name="Exception">The exception logged with it, if any.</param>
/// <param name="State">The structured values (template parameters and <c>{OriginalFormat}</c>).</param>
public sealed record LogEntry(LogLevel Level, string Message, Exception? Exception, IReadOnlyList<KeyValuePair<string, object?>> State);
