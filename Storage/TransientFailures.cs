using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AndyAI.Storage;

/// <summary>Which database failures are worth a retry, and which mean the database is out of reach for now.</summary>
internal static class TransientFailures
{
    /// <summary>A failure that may pass on its own within moments: busy/locked file, lost or refused connection, timeout.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode is SqliteErrorCodes.Busy or SqliteErrorCodes.Locked,
        NpgsqlException npgsql => npgsql.IsTransient,
        TimeoutException or SocketException or IOException => true,
        _ => exception.InnerException is { } inner && IsTransient(inner),
    };

    /// <summary>
    /// A failure of the database rather than of our code: after the retries, the database counts as unavailable
    /// (memory is skipped, turns wait in the backlog) until a probe reaches it again.
    /// </summary>
    public static bool IsDatabaseFailure(Exception exception) =>
        exception is DbException or TimeoutException or SocketException or IOException or InvalidOperationException { InnerException: DbException or SocketException };

    /// <summary>PostgreSQL refused us for a reason that waiting does not fix: login, password, database name, rights.</summary>
    public static bool IsRefusal(Exception exception) =>
        exception is PostgresException { SqlState: "28P01" or "28000" or "3D000" or "42501" };
}
