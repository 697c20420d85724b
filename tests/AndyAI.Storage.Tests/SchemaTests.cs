using System.Data.Common;
using System.Globalization;
using AndyAI.Storage.Migrations;

namespace AndyAI.Storage.Tests;

[TestFixtureSource(typeof(Engines), nameof(Engines.All))]
public sealed class SchemaTests(DatabaseKind kind)
{
    [Test]
    public async Task Start_FreshDatabase_AppliesEveryMigration_AndRecordsEach()
    {
        await using StorageSut sut = await StorageSut.StartAsync(kind);

        List<(int Version, string Name)> recorded = await ReadHistoryAsync(sut);

        Assert.That(sut.Service.SchemaVersion, Is.EqualTo(Schema.LatestVersion));
        Assert.That(recorded, Is.EqualTo(Schema.Migrations.Select(m => (m.Version, m.Name))));
        Assert.That(sut.Access.IsAvailable, Is.True);
    }

    [Test]
    public async Task Start_Twice_AppliesNothingTheSecondTime()
    {
        await using StorageSut first = await StorageSut.StartAsync(kind);
        await first.Service.StopAsync(CancellationToken.None);

        await using StorageSut second = await StorageSut.CreateAsync(kind, o => o.DatabaseUrl = first.Options.DatabaseUrl, first.Options.SqlitePath);
        await second.Service.StartAsync(CancellationToken.None);

        Assert.That(await ReadHistoryAsync(second), Has.Count.EqualTo(Schema.Migrations.Count));
    }

    [Test]
    public async Task Start_SchemaNewerThanThisBuild_Refuses_AndLeavesTheDatabaseAlone()
    {
        await using StorageSut first = await StorageSut.StartAsync(kind);
        await Execute(first, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', 0);");
        await first.Service.StopAsync(CancellationToken.None);

        await using StorageSut second = await StorageSut.CreateAsync(kind, o => o.DatabaseUrl = first.Options.DatabaseUrl, first.Options.SqlitePath);
        StorageStartupException? refused = await Assert.ThrowsAsync<StorageStartupException>(() => second.Service.StartAsync(CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain("schema version 999").And.Contain(Schema.LatestVersion.ToString(CultureInfo.InvariantCulture)));
        Assert.That(refused.Message.ReplaceLineEndings(" "), Is.EqualTo(refused.Message), "one line");
        Assert.That(await ReadHistoryAsync(second), Has.Count.EqualTo(Schema.Migrations.Count + 1));
    }

    [Test]
    public async Task SameSchema_OnBothEngines_TablesAndColumns()
    {
        await using StorageSut sut = await StorageSut.StartAsync(kind);

        string sql = kind == DatabaseKind.Sqlite
            ? "SELECT m.name || '.' || p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY 1;"
            : "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1;";
        List<string> columns = await sut.Access.RunAsync("columns", write: false, async (connection, ct) =>
        {
            using DbCommand command = Database.Command(connection, sql);
            var names = new List<string>();
            await using DbDataReader reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                names.Add(reader.GetString(0));
            }

            return names;
        }, CancellationToken.None);

        Assert.That(columns.Order(StringComparer.Ordinal), Is.EqualTo(new[]
        {
            "cog_values.cog", "cog_values.expires_at", "cog_values.key", "cog_values.updated_at", "cog_values.value",
            "conversation_messages.message_id", "conversation_messages.turn_id",
            "conversation_turns.answer_text", "conversation_turns.channel_id", "conversation_turns.completion_tokens", "conversation_turns.created_at",
            "conversation_turns.guild_id", "conversation_turns.id", "conversation_turns.model", "conversation_turns.parent_id", "conversation_turns.prompt_tokens",
            "conversation_turns.question_message_id", "conversation_turns.user_id", "conversation_turns.user_text",
            "guild_settings.guild_id", "guild_settings.updated_at", "guild_settings.value",
            "llm_usage.completion_tokens", "llm_usage.day", "llm_usage.guild_id", "llm_usage.model", "llm_usage.prompt_tokens", "llm_usage.requests", "llm_usage.user_id",
            "schema_migrations.applied_at", "schema_migrations.name", "schema_migrations.version",
            "user_settings.updated_at", "user_settings.user_id", "user_settings.value",
        }));
    }

    internal static Task<int> Execute(StorageSut sut, string sql) => sut.Access.RunAsync("test", write: true, async (connection, ct) =>
    {
        using DbCommand command = Database.Command(connection, sql);
        return await command.ExecuteNonQueryAsync(ct);
    }, CancellationToken.None);

    private static Task<List<(int, string)>> ReadHistoryAsync(StorageSut sut) => sut.Access.RunAsync("history", write: false, async (connection, ct) =>
    {
        using DbCommand command = Database.Command(connection, "SELECT version, name FROM schema_migrations ORDER BY version;");
        var rows = new List<(int, string)>();
        await using DbDataReader reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add((reader.GetInt32(0), reader.GetString(1)));
        }

        return rows;
    }, CancellationToken.None);
}
