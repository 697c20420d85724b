using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AndyAI.Abstractions.Storage;

namespace AndyAI.Storage.CogValues;

/// <summary>
/// One cog's <see cref="ICogStorage"/>: its name scopes every key. It holds no cog type: values are serialized with
/// the <see cref="JsonTypeInfo{T}"/> the cog passes on each call, so nothing of the cog outlives the call.
/// </summary>
internal sealed class CogStorage(string cogName, DatabaseAccess database) : ICogStorage
{
    public const int MaxKeyLength = 200;

    public async ValueTask<T?> GetAsync<T>(string key, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(typeInfo);
        string? json = await RunAsync("cog value read", write: false,
            (connection, ct) => CogValueStore.GetAsync(connection, cogName, key, database.NowMilliseconds(), ct), cancellationToken);
        return json is null ? default : JsonSerializer.Deserialize(json, typeInfo);
    }

    public async ValueTask SetAsync<T>(string key, T value, JsonTypeInfo<T> typeInfo, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (timeToLive is { } ttl)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero, nameof(timeToLive));
        }

        string json = JsonSerializer.Serialize(value, typeInfo);
        long now = database.NowMilliseconds();
        long? expiresAt = timeToLive is { } lifetime ? now + (long)Math.Ceiling(lifetime.TotalMilliseconds) : null;
        await RunAsync("cog value write", write: true,
            (connection, ct) => CogValueStore.SetAsync(connection, cogName, key, json, expiresAt, now, ct), cancellationToken);
    }

    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        return await RunAsync("cog value delete", write: true,
            (connection, ct) => CogValueStore.DeleteAsync(connection, cogName, key, database.NowMilliseconds(), ct), cancellationToken);
    }

    public async ValueTask<IReadOnlyList<string>> ListKeysAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return await RunAsync("cog value list", write: false,
            (connection, ct) => CogValueStore.ListKeysAsync(connection, cogName, prefix, database.NowMilliseconds(), ct), cancellationToken);
    }

    private Task<TResult> RunAsync<TResult>(string name, bool write, Func<System.Data.Common.DbConnection, CancellationToken, Task<TResult>> operation, CancellationToken cancellationToken) =>
        database.RunOrThrowAsync(name, write, operation, cancellationToken);

    private static void ValidateKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(key.Length, MaxKeyLength, nameof(key));
    }
}
