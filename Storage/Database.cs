using System.Data.Common;

namespace AndyAI.Storage;

/// <summary>
/// One database (SQLite file or PostgreSQL server): opens connections and serializes writes where the engine needs
/// it. The SQL above it is the same on both engines; only the migrations differ in their DDL.
/// </summary>
internal abstract class Database : IAsyncDisposable
{
    public abstract DatabaseKind Kind { get; }

    /// <summary>What to call it in logs and errors (the SQLite file's path, or PostgreSQL user@host:port/db): never a password.</summary>
    public abstract string Description { get; }

    /// <summary>An open connection (from the pool); dispose it to return it.</summary>
    public abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Held around every write. SQLite allows one writer at a time: serializing in-process keeps our own writers from
    /// meeting SQLITE_BUSY, and the busy timeout covers other processes. PostgreSQL needs nothing.
    /// </summary>
    public abstract ValueTask<IDisposable> EnterWriteAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    /// <summary>A command on <paramref name="connection"/> with named parameters (<c>@name</c> in the SQL on both engines).</summary>
    public static DbCommand Command(DbConnection connection, string sql, DbTransaction? transaction = null, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        DbCommand command = connection.CreateCommand();
#pragma warning disable CA2100 // every statement is a constant of this library; values go through parameters
        command.CommandText = sql;
#pragma warning restore CA2100
        command.Transaction = transaction;
        foreach ((string name, object? value) in parameters)
        {
            DbParameter parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
