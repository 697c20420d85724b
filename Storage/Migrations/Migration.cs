namespace AndyAI.Storage.Migrations;

/// <summary>One forward-only schema step: the same tables on both engines, in each one's DDL.</summary>
/// <param name="Version">1, 2, 3…: applied in order, each once, recorded in <c>schema_migrations</c>.</param>
/// <param name="Name">What it does, recorded with it.</param>
/// <param name="Sqlite">Its statements for SQLite.</param>
/// <param name="PostgreSql">Its statements for PostgreSQL.</param>
internal sealed record Migration(int Version, string Name, string Sqlite, string PostgreSql)
{
    public string For(DatabaseKind kind) => kind == DatabaseKind.Sqlite ? Sqlite : PostgreSql;
}
