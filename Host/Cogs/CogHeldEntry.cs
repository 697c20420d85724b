namespace AndyAI.Host.Cogs;

/// <summary>
/// An entry of a <see cref="CogHeldTable{TEntry}"/>: what <c>/metrics</c> exports about one cog (or one of its jobs),
/// shared by the instances that hold it. Subclasses keep only strings and lock-free counts, never cog code, so an entry
/// left behind between scrapes pins no load context.
/// </summary>
internal abstract class CogHeldEntry
{
    protected CogHeldEntry(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        Key = key;
    }

    /// <summary>Its key in the table (the cog's name, or cog and job): case is ignored, as cog and job names ignore it.</summary>
    public string Key { get; }

    /// <summary>Instances (or runs) holding the entry; touched only under its table's lock.</summary>
    internal int Holders { get; set; }
}
