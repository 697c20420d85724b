using System.Collections.Concurrent;
using System.Globalization;
using AndyAI.Abstractions.Llm;
using Microsoft.Extensions.Caching.Hybrid;

namespace AndyAI.Services.Caching;

/// <summary>
/// One cog's view of the response cache: its keys are prefixed with the cog's name and tagged with it, so two cogs
/// never see each other's entries and <see cref="PurgeAsync"/> removes exactly the cog's entries.
/// </summary>
internal sealed class ResponseCachePartition : IResponseCache
{
    private readonly ResponseCacheStore _store;
    private readonly string[] _tags;

    public ResponseCachePartition(ResponseCacheStore store, string partitionName)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(partitionName);
        _store = store;
        PartitionName = partitionName;

        // Length-prefixed so "a" + "b:x" never collides with "a:b" + "x". (HybridCache bypasses itself for keys with
        // control characters, so a separator like \u001f would silently disable caching.)
        KeyPrefix = string.Create(CultureInfo.InvariantCulture, $"{partitionName.Length}:{partitionName}:");
        _tags = ["cog:" + partitionName];
    }

    private const int MaxRememberedKeys = 1024;
    private const int MaxRememberedKeyLength = 256;
    private readonly ConcurrentDictionary<string, string> _fullKeys = new(StringComparer.Ordinal);

    public string PartitionName { get; }

    public string KeyPrefix { get; }

    /// <summary>
    /// The prefixed key. Short keys a cog uses again and again are remembered (bounded) so a cache hit allocates
    /// nothing; others are concatenated per call.
    /// </summary>
    internal string FullKey(string key)
    {
        if (_fullKeys.TryGetValue(key, out string? full))
        {
            return full;
        }

        full = KeyPrefix + key;
        if (key.Length <= MaxRememberedKeyLength && _fullKeys.Count < MaxRememberedKeys)
        {
            _fullKeys.TryAdd(key, full);
        }

        return full;
    }

    public ValueTask<string> GetOrCreateAsync(string key, Func<CancellationToken, ValueTask<string>> factory, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(factory);
        return GetOrCreateFullKeyAsync(FullKey(key), factory, timeToLive, cancellationToken);
    }

    /// <summary>Like <see cref="GetOrCreateAsync"/> for a key that already carries <see cref="KeyPrefix"/> (the LLM service builds it in one allocation).</summary>
    internal ValueTask<string> GetOrCreateFullKeyAsync(string fullKey, Func<CancellationToken, ValueTask<string>> factory, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeToLive, TimeSpan.Zero);
        _store.CountLookup();
        ValueTask<string> pending = _store.Hybrid.GetOrCreateAsync(
            fullKey,
            (factory, fullKey, _store, timeToLive),
            static (state, ct) =>
            {
                if (state._store.Shared is { } shared)
                {
                    return FromSharedAsync(shared, state._store, state.fullKey, state.factory, state.timeToLive, ct);
                }

                state._store.CountMiss();
                return state.factory(ct);
            },
            _store.EntryOptions(timeToLive),
            _tags,
            cancellationToken);

        // The hit path stays synchronous and allocation-free; only a completed oversized value needs a second look.
        if (pending.IsCompletedSuccessfully)
        {
            string value = pending.Result;
            return _store.IsTooLarge(value) ? DropAsync(fullKey, value) : new ValueTask<string>(value);
        }

        return AwaitAndCheckAsync(fullKey, pending);
    }

    // One round trip finds another process's answer; a miss in several processes at once asks the model once (the others wait).
    private static async ValueTask<string> FromSharedAsync(ISharedResponseCache shared, ResponseCacheStore store, string fullKey,
        Func<CancellationToken, ValueTask<string>> factory, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        SharedValue found = await shared.GetOrComputeOnceAsync(fullKey, factory, timeToLive, cancellationToken);
        if (!found.WasStored) store.CountMiss();
        return found.Value;
    }

    private async ValueTask<string> AwaitAndCheckAsync(string fullKey, ValueTask<string> pending)
    {
        string value = await pending;
        return _store.IsTooLarge(value) ? await DropAsync(fullKey, value) : value;
    }

    // HybridCache's MaximumPayloadBytes only guards serialized (L2) payloads; strings kept as-is in L1 are checked here.
    private async ValueTask<string> DropAsync(string fullKey, string value)
    {
        await _store.Hybrid.RemoveAsync(fullKey);
        return value;
    }

    public async ValueTask<string?> TryGetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        _store.CountLookup();
        string fullKey = FullKey(key);
        string? value = await ReadLocalAsync(fullKey, cancellationToken);
        if (value is null && _store.Shared is { } shared && await shared.GetAsync(fullKey, cancellationToken) is { } stored)
        {
            value = stored.Value;
            // Kept here for the time it has left there, so both levels forget it together.
            if (stored.StoredFor > TimeSpan.Zero)
            {
                await _store.Hybrid.SetAsync(fullKey, value, ResponseCacheStore.LocalOnly(stored.StoredFor.Value), _tags, cancellationToken);
            }
        }

        if (value is null)
        {
            _store.CountMiss();
        }

        return value;
    }

    /// <summary>
    /// A read of this process's memory that counts only a hit: the caller goes on to
    /// <see cref="GetOrCreateFullKeyAsync"/> on a miss, which counts that lookup (so one answer is one lookup in the
    /// statistics) and reads the shared level in the same round trip that would take the miss's lock. A failing
    /// cache reads as a miss.
    /// </summary>
    internal async ValueTask<string?> PeekFullKeyAsync(string fullKey, CancellationToken cancellationToken)
    {
        string? value;
        try
        {
            value = await ReadLocalAsync(fullKey, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }

        if (value is not null)
        {
            _store.CountLookup();
        }

        return value;
    }

    private ValueTask<string?> ReadLocalAsync(string fullKey, CancellationToken cancellationToken) =>
        _store.Hybrid.GetOrCreateAsync<string?>(fullKey, static _ => ValueTask.FromResult<string?>(null), ResponseCacheStore.ReadOnly, _tags, cancellationToken);

    public async ValueTask SetAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeToLive, TimeSpan.Zero);
        if (_store.IsTooLarge(value))
        {
            return;
        }

        string fullKey = FullKey(key);
        await _store.Hybrid.SetAsync(fullKey, value, _store.EntryOptions(timeToLive), _tags, cancellationToken);
        if (_store.Shared is { } shared) await shared.SetAsync(fullKey, value, timeToLive, cancellationToken);
    }

    public async ValueTask RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        string fullKey = FullKey(key);
        await _store.Hybrid.RemoveAsync(fullKey, cancellationToken);
        if (_store.Shared is { } shared) await shared.RemoveAsync(fullKey, cancellationToken);
    }

    public ResponseCacheStatistics GetStatistics() => _store.GetStatistics();

    /// <summary>Invalidates every entry of this partition (HybridCache tag) and frees their memory now; with a shared level, in every process.</summary>
    public async ValueTask PurgeAsync(CancellationToken cancellationToken = default)
    {
        await _store.Hybrid.RemoveByTagAsync(_tags[0], cancellationToken);
        _store.RemoveLocalEntries(KeyPrefix);
        if (_store.Shared is { } shared) await shared.PurgeAsync(KeyPrefix, _tags[0], cancellationToken);
    }
}
