using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace AndyAI.Storage;

/// <summary>SQLite in one file: WAL journal, foreign keys on, a busy timeout, and one writer at a time.</summary>
internal sealed class SqliteDatabase : Database
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writer = new(1, 1);

    public SqliteDatabase(string path, TimeSpan busyTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            Pooling = true,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY until the command timeout: that is the busy timeout.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
        }.ToString();
    }

    public string Path { get; }

    public override DatabaseKind Kind => DatabaseKind.Sqlite;

    public override string Description => "SQLite " + Path;

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // Per connection: in WAL mode NORMAL never corrupts the file; a power cut may lose the last commits, a crash does not.
            using DbCommand pragma = Command(connection, "PRAGMA synchronous = NORMAL;");
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override async ValueTask<IDisposable> EnterWriteAsync(CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        return new Release(_writer);
    }

    /// <summary>
    /// Makes sure the file is a readable SQLite database before anything is written to it, and switches it to WAL.
    /// A file that is not a database, or cannot be read, is never recreated.
    /// </summary>
    /// <exception cref="StorageStartupException">The file is corrupt, not a database, or unreadable.</exception>
    public async Task CheckFileAsync(CancellationToken cancellationToken)
    {
        string? directory = System.IO.Path.GetDirectoryName(Path);
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        try
        {
            await using DbConnection connection = await OpenAsync(cancellationToken);
            // Reading the schema reads the header and the first page: "file is not a database" shows here.
            using (DbCommand schema = Command(connection, "SELECT count(*) FROM sqlite_master;"))
            {
                _ = Convert.ToInt64(await schema.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            }

            using (DbCommand quickCheck = Command(connection, "PRAGMA quick_check(1);"))
            {
                string? result = (string?)await quickCheck.ExecuteScalarAsync(cancellationToken);
                if (!string.Equals(result, "ok", StringComparison.OrdinalIgnoreCase))
                {
                    throw Refuse($"is damaged (quick_check: {result})", null);
                }
            }

            using DbCommand wal = Command(connection, "PRAGMA journal_mode = WAL;");
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteErrorCodes.NotADatabase or SqliteErrorCodes.Corrupt)
        {
            throw Refuse($"is not a readable SQLite database ({ex.Message.ReplaceLineEndings(" ")})", ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteErrorCodes.CantOpen or SqliteErrorCodes.Permission or SqliteErrorCodes.ReadOnly or SqliteErrorCodes.IoError or SqliteErrorCodes.Authorization)
        {
            throw Refuse($"cannot be opened for reading and writing ({ex.Message.ReplaceLineEndings(" ")})", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw Refuse($"cannot be created ({ex.Message})", ex);
        }
    }

    private StorageStartupException Refuse(string problem, Exception? inner) => new(
        $"the database file {Path} {problem}; AndyAI does not recreate it: restore it from a backup, or move it away to start with an empty one",
        inner);

    public override ValueTask DisposeAsync()
    {
        // Pooled connections keep the file (and its WAL) open; release them so the file can be moved or deleted.
        SqliteConnection.ClearAllPools();
        _writer.Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed class Release(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
