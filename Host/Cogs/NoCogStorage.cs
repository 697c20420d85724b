using System.Text.Json.Serialization.Metadata;
using AndyAI.Abstractions.Storage;

namespace AndyAI.Host.Cogs;

/// <summary>The storage of a context built without a database (host tests): every call says it is unavailable.</summary>
internal sealed class NoCogStorage : ICogStorage
{
    public static readonly NoCogStorage Instance = new();

    public ValueTask<T?> GetAsync<T>(string key, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default) => throw Unavailable();

    public ValueTask SetAsync<T>(string key, T value, JsonTypeInfo<T> typeInfo, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default) => throw Unavailable();

    public ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) => throw Unavailable();

    public ValueTask<IReadOnlyList<string>> ListKeysAsync(string prefix, CancellationToken cancellationToken = default) => throw Unavailable();

    private static StorageUnavailableException Unavailable() => new("This host has no database.");
}
