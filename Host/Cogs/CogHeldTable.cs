namespace AndyAI.Host.Cogs;

/// <summary>
/// Entries by key (a cog's name, or cog and job) that live while something holds them: an entry is made at the first
/// <see cref="Acquire"/> and removed at the last <see cref="Release"/>. This is the life cycle of the per-cog series on
/// <c>/metrics</c>: exported at 0 from the load, kept across a reload (the old and the new instance hold the entry for a
/// moment, so the counts carry over), gone at the next scrape once the cog is unloaded. The observable instruments
/// read <see cref="Snapshot"/> when someone collects. Case is ignored in keys, as in cog and job names.
/// </summary>
/// <typeparam name="TEntry">The entry: strings and counts only (<see cref="CogHeldEntry"/>).</typeparam>
internal sealed class CogHeldTable<TEntry>
    where TEntry : CogHeldEntry
{
    private readonly Dictionary<string, TEntry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    /// <summary>How many entries exist now.</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _entries.Count;
        }
    }

    /// <summary>The entry of <paramref name="key"/>, made by <paramref name="create"/> on first use; hold it until <see cref="Release"/>.</summary>
    public TEntry Acquire(string key, Func<string, TEntry> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(create);
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out TEntry? entry))
            {
                entry = create(key);
                _entries.Add(key, entry);
            }

            entry.Holders++;
            return entry;
        }
    }

    /// <summary>Gives up one hold; the last one removes the entry (and so its series).</summary>
    public void Release(TEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            // By reference: an entry released after its key was made again (a cog loaded anew) leaves the new one alone.
            if (--entry.Holders == 0 && _entries.TryGetValue(entry.Key, out TEntry? current) && ReferenceEquals(current, entry))
            {
                _entries.Remove(entry.Key);
            }
        }
    }

    /// <summary>The entries now, for an instrument's callback.</summary>
    public TEntry[] Snapshot()
    {
        lock (_gate) return [.. _entries.Values];
    }
}
