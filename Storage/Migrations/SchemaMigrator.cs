using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace AndyAI.Storage.Migrations;

/// <summary>
/// Brings the schema up to <see cref="Schema.LatestVersion"/> in one transaction, recording each step in
/// <c>schema_migrations</c>. Several bot processes starting at once on one PostgreSQL take turns (an advisory lock);
/// a database newer than this build is refused, never touched.
/// </summary>
internal static class SchemaMigrator
{
    // Any constant: all AndyAI processes sharing a database agree on it.
    private const long AdvisoryLockKey = 0x416E647941490001;

    private const string CreateHistory = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at BIGINT NOT NULL
        );
        """;

    /// <returns>The schema version now.</returns>
    /// <exception cref="StorageStartupException">The database's schema is newer than this build.</exception>
    public static async Task<int> MigrateAsync(Database database, IReadOnlyList<Migration> migrations, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        using IDisposable writer = await database.EnterWriteAsync(cancellationToken);
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        await using DbTransaction transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (database.Kind == DatabaseKind.PostgreSql)
        {
            using DbCommand lockCommand = Database.Command(connection, "SELECT pg_advisory_xact_lock(@key);", transaction, ("key", AdvisoryLockKey));
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        using (DbCommand create = Database.Command(connection, CreateHistory, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        int current;
        using (DbCommand read = Database.Command(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations;", transaction))
        {
            current = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        int latest = migrations.Count == 0 ? 0 : migrations[^1].Version;
        if (current > latest)
        {
            throw new StorageStartupException(string.Create(CultureInfo.InvariantCulture,
                $"the database ({database.Description}) has schema version {current}, newer than this build of AndyAI knows ({latest}); run the newer AndyAI that wrote it, or restore a backup"));
        }

        foreach (Migration migration in migrations)
        {
            if (migration.Version <= current)
            {
                continue;
            }

            using (DbCommand step = Database.Command(connection, migration.For(database.Kind), transaction))
            {
                await step.ExecuteNonQueryAsync(cancellationToken);
            }

            using (DbCommand record = Database.Command(connection,
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at);", transaction,
                ("version", migration.Version), ("name", migration.Name), ("at", time.GetUtcNow().ToUnixTimeMilliseconds())))
            {
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            current = migration.Version;
            StorageLog.MigrationApplied(logger, migration.Version, migration.Name, database.Description);
        }

        await transaction.CommitAsync(cancellationToken);
        return current;
    }
}
