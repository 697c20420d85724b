namespace AndyAI.Host.Hosting;

/// <summary>Where the host keeps its database when DATABASE_URL is not set.</summary>
internal static class StorageDefaults
{
    /// <summary>The SQLite file, in plugins.json's data directory (run/data/andyai.db by default).</summary>
    public const string SqliteFileName = "andyai.db";
}
