using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using AndyAI.Abstractions.Memory;
using AndyAI.Storage;
using AndyAI.Storage.Conversations;
using AndyAI.Storage.Tests;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

// The conversation memory on the answer path with a large database: one lookup (FindAsync: a reply chain or the
// user's recent turns) plus one append (AppendAsync), timed together, on SQLite and on PostgreSQL over loopback.
// With --usage N instead: the token accounts on the answer path with quotas on (issue 15): N stored usage rows, then
// the quota check (the user's and the guild's tokens today) plus the usage write, timed together.
// Usage: dotnet run -c Release --project bench/storage -- [--turns 1000000] [--ops 2000] [--engine sqlite|postgres|both] [--usage 600000]
int turns = 1_000_000, ops = 2000, usage = 0;
string engine = "both";
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--turns": turns = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--ops": ops = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--engine": engine = args[i + 1]; break;
        case "--usage": usage = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}

Console.WriteLine(usage > 0
    ? $"usage bench: {usage:N0} stored usage rows, {ops:N0} quota checks + usage writes, {Environment.ProcessorCount} cores"
    : $"storage bench: {turns:N0} stored turns, {ops:N0} lookup+append pairs, {Environment.ProcessorCount} cores");
if (engine is "sqlite" or "both")
{
    string directory = Path.Combine(Path.GetTempPath(), "andyai-storage-bench-" + Guid.NewGuid().ToString("N")[..8]);
    Directory.CreateDirectory(directory);
    try
    {
        var options = new StorageOptions { SqlitePath = Path.Combine(directory, "andyai.db") };
        await (usage > 0 ? UsageBench.RunAsync(DatabaseKind.Sqlite, options, usage, ops) : Bench.RunAsync(DatabaseKind.Sqlite, options, turns, ops));
    }
    finally
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}

if (engine is "postgres" or "both")
{
    await using PostgresCluster cluster = await PostgresCluster.StartAsync();
    string database = await cluster.CreateDatabaseAsync();
    var options = new StorageOptions { DatabaseUrl = cluster.Url(database) };
    await (usage > 0 ? UsageBench.RunAsync(DatabaseKind.PostgreSql, options, usage, ops) : Bench.RunAsync(DatabaseKind.PostgreSql, options, turns, ops));
}

return 0;

internal static class Bench
{
    private const int Users = 10_000;
    private const int Channels = 50;
    private const long FirstMessage = 1_000_000_000_000_000_000;

    public static async Task RunAsync(DatabaseKind kind, StorageOptions options, int turns, int ops)
    {
        Database database = kind == DatabaseKind.Sqlite ? new SqliteDatabase(options.SqlitePath!, options.BusyTimeout) : new PostgresDatabase(DatabaseUrl.Parse(options.DatabaseUrl!));
        await using var access = new DatabaseAccess(database, Options.Create(options), TimeProvider.System, NullLogger<DatabaseAccess>.Instance);
        var memory = new ConversationMemory(access, NullLogger<ConversationMemory>.Instance);
        using var service = new StorageService(access, memory, NullLogger<StorageService>.Instance);
        await service.StartAsync(CancellationToken.None);

        long filling = Stopwatch.GetTimestamp();
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await FillAsync(access, kind, turns, now);
        Console.WriteLine($"{kind}: filled {turns:N0} turns in {Stopwatch.GetElapsedTime(filling).TotalSeconds:0.0} s");

        var random = new Random(42);
        var samples = new double[ops];
        long nextMessage = FirstMessage + (turns * 2L) + 10;
        for (int i = -200; i < ops; i++) // the first 200 warm up
        {
            ulong user = (ulong)random.Next(1, Users + 1);
            ulong channel = (ulong)random.Next(1, Channels + 1);
            // Half the questions reply to a stored message, half are mentions continuing the user's recent turns.
            ulong? replyTo = i % 2 == 0 ? (ulong)(FirstMessage + random.NextInt64(0, turns * 2L)) : null;
            long started = Stopwatch.GetTimestamp();
            ConversationHistory history = await memory.FindAsync(new ConversationQuery { UserId = user, ChannelId = channel, GuildId = 1, ReplyToMessageId = replyTo, MaxTurns = 5 }, CancellationToken.None);
            await memory.AppendAsync(history, new ConversationTurn
            {
                UserId = user,
                ChannelId = channel,
                GuildId = 1,
                QuestionMessageId = (ulong)nextMessage++,
                AnswerMessageIds = [(ulong)nextMessage++],
                UserText = "a question of about this length, as users ask them in a channel",
                AnswerText = Answer,
                Model = "gpt-4o-mini",
                PromptTokens = 120,
                CompletionTokens = 80,
            }, CancellationToken.None);
            if (i >= 0)
            {
                samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }

        Array.Sort(samples);
        double P(double q) => samples[Math.Min(samples.Length - 1, (int)Math.Ceiling(q * samples.Length) - 1)];
        long bytes = await SizeAsync(access, kind, options);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{kind}: lookup+append p50 {P(0.50):0.000} ms · p95 {P(0.95):0.000} ms · p99 {P(0.99):0.000} ms · max {samples[^1]:0.000} ms ({ops:N0} pairs); available: {access.IsAvailable}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{kind}: database size {bytes / 1048576.0:0.0} MiB = {bytes / 1024.0 / ((turns + ops + 200) / 1000.0):0.0} KiB per 1,000 turns (with their message index)"));
        await service.StopAsync(CancellationToken.None);
    }

    private const string Answer = "An answer of a few sentences: long enough to look like what a model writes back to a short question, "
        + "with a second sentence that adds a detail, and a third one that closes the thought so the row has a realistic size.";

    /// <summary>Turns spread over users and channels, each chained to the previous turn of its user in its channel, two messages each.</summary>
    private static async Task FillAsync(DatabaseAccess access, DatabaseKind kind, int turns, long now)
    {
        var last = new Dictionary<(int, int), long>();
        var random = new Random(7);
        IEnumerable<(long Id, long? Parent, long User, long Channel, long Question, long Created)> Rows()
        {
            for (long id = 1; id <= turns; id++)
            {
                int user = random.Next(1, Users + 1);
                int channel = random.Next(1, Channels + 1);
                long? parent = last.TryGetValue((user, channel), out long p) ? p : null;
                last[(user, channel)] = id;
                // Spread over 20 days, newest last, so some users have a turn within the idle window.
                long created = now - (long)((turns - id) * (20.0 * 86_400_000 / turns));
                yield return (id, parent, user, channel, FirstMessage + ((id - 1) * 2), created);
            }
        }

        if (kind == DatabaseKind.PostgreSql)
        {
            await access.RunAsync("fill", write: true, async (connection, ct) =>
            {
                var npgsql = (NpgsqlConnection)connection;
                await using (NpgsqlBinaryImporter copy = await npgsql.BeginBinaryImportAsync(
                    "COPY conversation_turns (id, parent_id, user_id, guild_id, channel_id, question_message_id, user_text, answer_text, model, prompt_tokens, completion_tokens, created_at) FROM STDIN (FORMAT BINARY)", ct))
                {
                    foreach (var row in Rows())
                    {
                        await copy.StartRowAsync(ct);
                        await copy.WriteAsync(row.Id, NpgsqlDbType.Bigint, ct);
                        if (row.Parent is { } parent) await copy.WriteAsync(parent, NpgsqlDbType.Bigint, ct); else await copy.WriteNullAsync(ct);
                        await copy.WriteAsync(row.User, NpgsqlDbType.Bigint, ct);
                        await copy.WriteAsync(1L, NpgsqlDbType.Bigint, ct);
                        await copy.WriteAsync(row.Channel, NpgsqlDbType.Bigint, ct);
                        await copy.WriteAsync(row.Question, NpgsqlDbType.Bigint, ct);
                        await copy.WriteAsync("a question of about this length, as users ask them in a channel", NpgsqlDbType.Text, ct);
                        await copy.WriteAsync(Answer, NpgsqlDbType.Text, ct);
                        await copy.WriteAsync("gpt-4o-mini", NpgsqlDbType.Text, ct);
                        await copy.WriteAsync(120, NpgsqlDbType.Integer, ct);
                        await copy.WriteAsync(80, NpgsqlDbType.Integer, ct);
                        await copy.WriteAsync(row.Created, NpgsqlDbType.Bigint, ct);
                    }

                    await copy.CompleteAsync(ct);
                }

                await using (NpgsqlBinaryImporter copy = await npgsql.BeginBinaryImportAsync("COPY conversation_messages (message_id, turn_id) FROM STDIN (FORMAT BINARY)", ct))
                {
                    for (long id = 1; id <= turns; id++)
                    {
                        for (long part = 0; part < 2; part++)
                        {
                            await copy.StartRowAsync(ct);
                            await copy.WriteAsync(FirstMessage + ((id - 1) * 2) + part, NpgsqlDbType.Bigint, ct);
                            await copy.WriteAsync(id, NpgsqlDbType.Bigint, ct);
                        }
                    }

                    await copy.CompleteAsync(ct);
                }

                using DbCommand finish = Database.Command(connection, "SELECT setval(pg_get_serial_sequence('conversation_turns', 'id'), (SELECT MAX(id) FROM conversation_turns)); ANALYZE;");
                return await finish.ExecuteNonQueryAsync(ct);
            }, CancellationToken.None);
            return;
        }

        await access.RunAsync("fill", write: true, async (connection, ct) =>
        {
            await using DbTransaction transaction = await connection.BeginTransactionAsync(ct);
            using DbCommand turn = Database.Command(connection, """
                INSERT INTO conversation_turns (id, parent_id, user_id, guild_id, channel_id, question_message_id, user_text, answer_text, model, prompt_tokens, completion_tokens, created_at)
                VALUES (@id, @parent, @user, 1, @channel, @question, 'a question of about this length, as users ask them in a channel', @answer, 'gpt-4o-mini', 120, 80, @created);
                """, transaction, ("id", 0L), ("parent", null), ("user", 0L), ("channel", 0L), ("question", 0L), ("answer", Answer), ("created", 0L));
            using DbCommand message = Database.Command(connection, "INSERT INTO conversation_messages (message_id, turn_id) VALUES (@m, @t), (@m2, @t);", transaction, ("m", 0L), ("m2", 0L), ("t", 0L));
            foreach (var row in Rows())
            {
                turn.Parameters[0].Value = row.Id;
                turn.Parameters[1].Value = row.Parent is { } parent ? parent : DBNull.Value;
                turn.Parameters[2].Value = row.User;
                turn.Parameters[3].Value = row.Channel;
                turn.Parameters[4].Value = row.Question;
                turn.Parameters[6].Value = row.Created;
                await turn.ExecuteNonQueryAsync(ct);
                message.Parameters[0].Value = row.Question;
                message.Parameters[1].Value = row.Question + 1;
                message.Parameters[2].Value = row.Id;
                await message.ExecuteNonQueryAsync(ct);
            }

            await transaction.CommitAsync(ct);
            using DbCommand analyze = Database.Command(connection, "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);");
            return await analyze.ExecuteNonQueryAsync(ct);
        }, CancellationToken.None);
    }

    private static async Task<long> SizeAsync(DatabaseAccess access, DatabaseKind kind, StorageOptions options)
    {
        if (kind == DatabaseKind.Sqlite)
        {
            var file = new FileInfo(options.SqlitePath!);
            var wal = new FileInfo(options.SqlitePath + "-wal");
            return file.Length + (wal.Exists ? wal.Length : 0);
        }

        return await access.RunAsync("size", write: false, async (connection, ct) =>
        {
            using DbCommand size = Database.Command(connection, "SELECT pg_database_size(current_database());");
            return Convert.ToInt64(await size.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }, CancellationToken.None);
    }
}

/// <summary>
/// What quotas add to an answer: the user's tokens today, the guild's tokens today (the two sums LlmAccounts runs
/// before asking the model) and the usage write after it, over a table of usage rows spread over 30 days.
/// </summary>
internal static class UsageBench
{
    private const int Users = 10_000;
    private const int Guilds = 100;
    private static readonly string[] Models = ["gpt-4o-mini", "gpt-4.1"];

    public static async Task RunAsync(DatabaseKind kind, StorageOptions options, int rows, int ops)
    {
        Database database = kind == DatabaseKind.Sqlite ? new SqliteDatabase(options.SqlitePath!, options.BusyTimeout) : new PostgresDatabase(DatabaseUrl.Parse(options.DatabaseUrl!));
        await using var access = new DatabaseAccess(database, Options.Create(options), TimeProvider.System, NullLogger<DatabaseAccess>.Instance);
        using var service = new StorageService(access, new ConversationMemory(access, NullLogger<ConversationMemory>.Instance), NullLogger<StorageService>.Instance);
        await service.StartAsync(CancellationToken.None);
        var accounts = new AndyAI.Storage.Accounts.Accounts(access);
        long today = AndyAI.Storage.Accounts.Accounts.DayOf(DateTimeOffset.UtcNow);

        long filling = Stopwatch.GetTimestamp();
        await access.RunAsync("fill", write: true, async (connection, ct) =>
        {
            await using DbTransaction transaction = await connection.BeginTransactionAsync(ct);
            using DbCommand insert = Database.Command(connection, """
                INSERT INTO llm_usage (day, user_id, guild_id, model, requests, prompt_tokens, completion_tokens)
                VALUES (@day, @user, @guild, @model, 3, 400, 200) ON CONFLICT (day, user_id, guild_id, model) DO NOTHING;
                """, transaction, ("day", 0L), ("user", 0L), ("guild", 0L), ("model", ""));
            var random = new Random(7);
            for (int i = 0; i < rows; i++)
            {
                insert.Parameters[0].Value = today - random.Next(0, 30);
                insert.Parameters[1].Value = (long)random.Next(1, Users + 1);
                insert.Parameters[2].Value = (long)random.Next(1, Guilds + 1);
                insert.Parameters[3].Value = Models[random.Next(Models.Length)];
                await insert.ExecuteNonQueryAsync(ct);
            }

            await transaction.CommitAsync(ct);
            using DbCommand analyze = Database.Command(connection, "ANALYZE;");
            return await analyze.ExecuteNonQueryAsync(ct);
        }, CancellationToken.None);
        Console.WriteLine($"{kind}: filled {rows:N0} usage rows in {Stopwatch.GetElapsedTime(filling).TotalSeconds:0.0} s");

        var samples = new double[ops];
        var pick = new Random(42);
        for (int i = -200; i < ops; i++) // the first 200 warm up
        {
            ulong user = (ulong)pick.Next(1, Users + 1);
            ulong guild = (ulong)pick.Next(1, Guilds + 1);
            long started = Stopwatch.GetTimestamp();
            await accounts.UserTokensAsync(today, user, CancellationToken.None);
            await accounts.GuildTokensAsync(today, guild, CancellationToken.None);
            await accounts.AddUsageAsync(new AndyAI.Storage.Accounts.UsageRow(today, user, guild, Models[0], 1, 120, 80), CancellationToken.None);
            if (i >= 0)
            {
                samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }

        Array.Sort(samples);
        double P(double q) => samples[Math.Min(samples.Length - 1, (int)Math.Ceiling(q * samples.Length) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{kind}: quota check + usage write p50 {P(0.50):0.000} ms · p95 {P(0.95):0.000} ms · p99 {P(0.99):0.000} ms · max {samples[^1]:0.000} ms ({ops:N0})"));
        await service.StopAsync(CancellationToken.None);
    }
}
