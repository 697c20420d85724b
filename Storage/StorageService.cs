using AndyAI.Abstractions;
using AndyAI.Storage.CogValues;
using AndyAI.Storage.Conversations;
using AndyAI.Storage.Migrations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AndyAI.Storage;

/// <summary>
/// Opens the database when the host starts (checks the SQLite file, applies migrations), then in the background:
/// while the database is unavailable, probes it every <see cref="StorageOptions.ProbeInterval"/> and writes the held
/// turns once it answers; otherwise purges turns past the retention and expired cog values every
/// <see cref="StorageOptions.PurgeInterval"/>.
/// </summary>
internal sealed class StorageService(DatabaseAccess database, ConversationMemory memory, ILogger<StorageService> logger) : BackgroundService
{
    private const int PurgeBatch = 1000;
    private bool _migrated;

    /// <summary>The schema version after start (0 while the database has not been reached).</summary>
    public int SchemaVersion { get; private set; }

    /// <exception cref="StorageStartupException">The SQLite file is damaged or unreadable, the schema is newer than this build, or PostgreSQL refused the login.</exception>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (database.Database is SqliteDatabase sqlite)
            {
                await sqlite.CheckFileAsync(cancellationToken);
            }

            await MigrateAsync(cancellationToken);
        }
        catch (StorageStartupException ex)
        {
            StorageLog.Refused(logger, ex.Message);
            throw;
        }
        catch (Exception ex) when (TransientFailures.IsRefusal(ex))
        {
            var refused = new StorageStartupException($"{database.Database.Description} refused the connection ({DatabaseAccess.OneLine(ex)}); check DATABASE_URL", ex);
            StorageLog.Refused(logger, refused.Message);
            throw refused;
        }
        catch (Exception ex) when (TransientFailures.IsDatabaseFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            // Out of reach for longer than the retries: start without memory; the probe migrates it once it answers.
            database.MarkUnavailable(ex);
        }

        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (database.IsAvailable && memory.BacklogCount > 0)
        {
            try
            {
                await memory.FlushBacklogAsync(cancellationToken);
            }
            catch (Exception ex) when (TransientFailures.IsDatabaseFailure(ex) || ex is OperationCanceledException)
            {
                StorageLog.OperationFailed(logger, ex, "writing the held turns at shutdown");
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        TimeProvider time = database.Time;
        DateTimeOffset nextPurge = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!database.IsAvailable)
                {
                    await Task.Delay(database.Options.ProbeInterval, time, stoppingToken);
                    await TryRecoverAsync(stoppingToken);
                    continue;
                }

                if (time.GetUtcNow() >= nextPurge)
                {
                    await PurgeAsync(stoppingToken);
                    nextPurge = time.GetUtcNow() + database.Options.PurgeInterval;
                }

                using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                TimeSpan untilPurge = nextPurge - time.GetUtcNow();
                TimeSpan nap = untilPurge < database.Options.HealthCheckInterval ? untilPurge : database.Options.HealthCheckInterval;
                Task sleep = Task.Delay(nap > TimeSpan.Zero ? nap : TimeSpan.Zero, time, wake.Token);
                if (await Task.WhenAny(sleep, database.WhenUnavailable) == sleep && time.GetUtcNow() < nextPurge)
                {
                    await CheckHealthAsync(stoppingToken);
                }

                await wake.CancelAsync();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>
    /// One check of an available database (what the loop does every <see cref="StorageOptions.HealthCheckInterval"/>):
    /// a failure after the retries marks it unavailable, so /readyz, !stats and the probes see the outage at once.
    /// </summary>
    internal async Task CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            await PingAsync("health check", cancellationToken);
        }
        catch (Exception ex) when (TransientFailures.IsDatabaseFailure(ex))
        {
            database.MarkUnavailable(ex);
        }
    }

    /// <summary>A <c>SELECT 1</c>: whether the database answers at all.</summary>
    private Task<object?> PingAsync(string name, CancellationToken cancellationToken) =>
        database.RunAsync(name, write: false, async (connection, ct) =>
        {
            using System.Data.Common.DbCommand ping = Database.Command(connection, "SELECT 1;");
            return await ping.ExecuteScalarAsync(ct);
        }, cancellationToken);

    /// <summary>Runs the purge once now (also what the timer does).</summary>
    internal async Task PurgeAsync(CancellationToken cancellationToken)
    {
        try
        {
            long now = database.NowMilliseconds();
            long cutoff = now - (long)database.Options.Retention.TotalMilliseconds;
            int turns = 0;
            int deleted;
            do
            {
                // In batches: on SQLite each batch holds the one writer only briefly, so answers keep being recorded.
                deleted = await database.RunAsync("purge", write: true,
                    (connection, ct) => ConversationStore.DeleteOlderThanAsync(connection, cutoff, PurgeBatch, ct), cancellationToken);
                turns += deleted;
            }
            while (deleted == PurgeBatch);

            int values = await database.RunAsync("purge", write: true,
                (connection, ct) => CogValueStore.DeleteExpiredAsync(connection, now, ct), cancellationToken);
            // Usage is the users' data too: it goes with the same retention (whole days, so today's quota count stays).
            long firstKeptDay = Accounts.Accounts.DayOf(DateTimeOffset.FromUnixTimeMilliseconds(cutoff));
            await database.RunAsync("purge", write: true,
                (connection, ct) => Accounts.AccountStore.DeleteUsageBeforeAsync(connection, firstKeptDay, ct), cancellationToken);
            if (turns > 0 || values > 0)
            {
                StorageLog.Purged(logger, turns, DurationText.Format(database.Options.Retention), values);
            }
        }
        catch (Exception ex) when (TransientFailures.IsDatabaseFailure(ex))
        {
            StorageLog.PurgeFailed(logger, ex, DurationText.Format(database.Options.PurgeInterval));
            database.MarkUnavailable(ex);
        }
    }

    /// <summary>One probe: reach the database (migrating it if start could not), write the backlog, flip back to available.</summary>
    internal async Task TryRecoverAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!_migrated)
            {
                await MigrateAsync(cancellationToken);
            }
            else
            {
                await PingAsync("probe", cancellationToken);
            }

            int written = await memory.FlushBacklogAsync(cancellationToken);
            database.MarkAvailable(written);
            memory.ResetBacklogWarning();
            // Turns held between the last flush and the flag flipping back.
            await memory.FlushBacklogAsync(cancellationToken);
        }
        catch (StorageStartupException ex)
        {
            StorageLog.Refused(logger, ex.Message);
        }
        catch (Exception ex) when (TransientFailures.IsDatabaseFailure(ex) || TransientFailures.IsRefusal(ex))
        {
            // Still out of reach: the outage was logged when it began.
        }
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        SchemaVersion = await database.RetryAsync("migration",
            ct => SchemaMigrator.MigrateAsync(database.Database, Schema.Migrations, database.Time, logger, ct), cancellationToken);
        _migrated = true;
        StorageLog.Opened(logger, database.Database.Description, SchemaVersion);
    }
}
