using System.Text.Json.Serialization.Metadata;

namespace AndyAI.Abstractions.Storage;

/// <summary>
/// A cog's own key → JSON value store in the host's database (contract 1.2). Keys are scoped to the cog's name, so
/// two cogs never see each other's; values survive reloads and restarts and are not deleted when the cog unloads.
/// </summary>
/// <remarks>
/// Values are serialized with the cog's source-generated <see cref="JsonTypeInfo{T}"/> (reflection-based JSON on a
/// cog's own types keeps it from unloading). Every method throws <see cref="StorageUnavailableException"/> while
/// the database is unreachable.
/// </remarks>
public interface ICogStorage
{
    /// <summary>The value under <paramref name="key"/>, or default when there is none or it expired.</summary>
    /// <exception cref="System.Text.Json.JsonException">The stored JSON does not fit <typeparamref name="T"/>.</exception>
    ValueTask<T?> GetAsync<T>(string key, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>, replacing what was there.</summary>
    /// <param name="key">1 to 200 characters.</param>
    /// <param name="value">The value.</param>
    /// <param name="typeInfo">The cog's source-generated type information for <typeparamref name="T"/>.</param>
    /// <param name="timeToLive">When set, the value is gone after this long.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    ValueTask SetAsync<T>(string key, T value, JsonTypeInfo<T> typeInfo, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes the value under <paramref name="key"/>; false when there was none.</summary>
    ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>The keys (not expired) that start with <paramref name="prefix"/>, in ordinal order; "" lists every key.</summary>
    ValueTask<IReadOnlyList<string>> ListKeysAsync(string prefix, CancellationToken cancellationToken = default);
}
