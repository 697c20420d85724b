namespace AndyAI.Storage;

/// <summary>Which database engine stores the data; the schema and behaviour are the same on both.</summary>
public enum DatabaseKind
{
    /// <summary>An embedded file (the default).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (DATABASE_URL), which several bot processes can share.</summary>
    PostgreSql,
}
