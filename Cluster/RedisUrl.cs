using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace AndyAI.Cluster;

/// <summary>Reads what the host needs from <c>REDIS_URL</c> before anything connects.</summary>
internal static class RedisUrl
{
    /// <summary>The password in a StackExchange.Redis configuration string, to mask it like a token; <see langword="null"/> when none (or unreadable: the validator reports that).</summary>
    public static string? PasswordOf(string? configuration) => string.IsNullOrWhiteSpace(configuration) ? null : ParsePassword(configuration);

    // Apart, so a bot without REDIS_URL never loads StackExchange.Redis (compiling this method would).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string? ParsePassword(string configuration)
    {
        try
        {
            return ConfigurationOptions.Parse(configuration).Password is { Length: > 0 } password ? password : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
