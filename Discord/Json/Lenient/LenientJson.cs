using System.Text.Json;

namespace AndyAI.Discord.Json.Lenient;

/// <summary>
/// Notes which optional value the lenient converters had to give up on, so the caller can write its debug line
/// after the (synchronous) deserialize call returns: converters have no logger.
/// </summary>
internal static class LenientJson
{
    // Per thread, not shared: a deserialize call and the TakeSkipped after it run on one thread, and nothing else
    // writes it in between. A plain static would mix up concurrent shards and REST calls.
    [ThreadStatic]
    private static string? t_skipped;

    /// <summary>The first value given up on since the last call, or <see langword="null"/>; clears it.</summary>
    public static string? TakeSkipped()
    {
        string? skipped = t_skipped;
        t_skipped = null;
        return skipped;
    }

    /// <summary>Skips the current value (and its children) and records what it was.</summary>
    public static void Skip(ref Utf8JsonReader reader, string expected)
    {
        t_skipped ??= $"{reader.TokenType} where {expected} was expected";
        reader.Skip();
    }
}
