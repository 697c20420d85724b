using System.Reflection;
using System.Text.Json;

namespace AndyAI.Host.Cogs.Loading;

/// <summary>
/// Clears System.Text.Json's process-wide reflection metadata cache. A cog that serializes its own types with
/// reflection-based STJ leaves them in that cache, which keeps the cog's load context alive (dotnet/runtime#65323).
/// STJ clears it for hot reload through an internal handler; we call the same method.
/// </summary>
internal static class JsonCacheCleaner
{
    private static readonly MethodInfo? ClearCacheMethod = typeof(JsonSerializer).Assembly
        .GetType("System.Text.Json.JsonSerializerOptionsUpdateHandler")
        ?.GetMethod("ClearCache", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static);

    /// <summary>Whether this runtime's STJ has the handler (if not, reflection-JSON cogs are reported Leaked).</summary>
    public static bool IsAvailable => ClearCacheMethod is not null;

    public static void Clear() => ClearCacheMethod?.Invoke(null, [null]);
}
