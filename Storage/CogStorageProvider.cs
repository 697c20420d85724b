using AndyAI.Abstractions.Storage;
using AndyAI.Storage.CogValues;

namespace AndyAI.Storage;

/// <summary>Hands each cog its own <see cref="ICogStorage"/>, scoped by the cog's name.</summary>
public sealed class CogStorageProvider
{
    private readonly DatabaseAccess _database;

    internal CogStorageProvider(DatabaseAccess database) => _database = database;

    /// <summary>The store of the cog named <paramref name="cogName"/> (the same data for every instance of it).</summary>
    public ICogStorage For(string cogName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cogName);
        return new CogStorage(cogName, _database);
    }
}
