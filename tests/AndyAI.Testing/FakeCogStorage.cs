using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AndyAI.Abstractions.Storage;

namespace AndyAI.Testing;

/// <summary>An in-memory <see cref="ICogStorage"/> on the context's clock; values are kept as JSON, as the host keeps them.</summary>
public sealed class FakeCogStorage(TimeProvider time) : ICogStorage
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, (string Json, DateTimeOffset? ExpiresAt)> _values = new(StringComparer.Ordinal);

    /// <summary>Set to false to play a database outage: every call throws <see cref="StorageUnavailableException"/>.</summary>
    public bool IsAvailable { get; set; } = true;

    /// <summary>The stored JSON under <paramref name="key"/>, expired or not; null when there is none.</summary>
    public string? RawJson(string key)
    {
        lock (_gate)
        {
            return _values.TryGetValue(key, out var value) ? value.Json : null;
        }
    }

    /// <inheritdoc />
    public ValueTask<T?> GetAsync<T>(string key, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        Check(key);
        lock (_gate)
        {
            return ValueTask.FromResult(_values.TryGetValue(key, out var value) && IsLive(value.ExpiresAt) ? JsonSerializer.Deserialize(value.Json, typeInfo) : default);
        }
    }

    /// <inheritdoc />
    public ValueTask SetAsync<T>(string key, T value, JsonTypeInfo<T> typeInfo, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        Check(key);
        string json = JsonSerializer.Serialize(value, typeInfo);
        lock (_gate)
        {
            _values[key] = (json, timeToLive is { } ttl ? time.GetUtcNow() + ttl : null);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        Check(key);
        lock (_gate)
        {
            return ValueTask.FromResult(_values.Remove(key, out var value) && IsLive(value.ExpiresAt));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string>> ListKeysAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        Check(null);
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<string>>([.. _values.Where(v => v.Key.StartsWith(prefix, StringComparison.Ordinal) && IsLive(v.Value.ExpiresAt)).Select(v => v.Key)]);
        }
    }

    private bool IsLive(DateTimeOffset? expiresAt) => expiresAt is null || expiresAt > time.GetUtcNow();

    private void Check(string? key)
    {
        if (key is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(key);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(key.Length, 200, nameof(key));
        }

        if (!IsAvailable)
        {
            throw new StorageUnavailableException("The fake database is unavailable.");
        }
    }
}
