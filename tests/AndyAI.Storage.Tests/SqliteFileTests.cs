namespace AndyAI.Storage.Tests;

public sealed class SqliteFileTests
{
    [Test]
    public async Task Start_FileIsNotADatabase_RefusesNamingTheFile_AndNeverRecreatesIt()
    {
        string file = Path.Combine(Path.GetTempPath(), "andyai-storage-tests", Guid.NewGuid().ToString("N"), "andyai.db");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        byte[] garbage = [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7 % 251))];
        await File.WriteAllBytesAsync(file, garbage);
        await using StorageSut sut = await StorageSut.CreateAsync(DatabaseKind.Sqlite, sqliteFile: file);

        StorageStartupException? refused = await Assert.ThrowsAsync<StorageStartupException>(() => sut.Service.StartAsync(CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain(file).And.Contain("not a readable SQLite database"));
        Assert.That(await File.ReadAllBytesAsync(file), Is.EqualTo(garbage), "the file is left exactly as it was");
    }

    [Test]
    public async Task Start_DamagedPage_Refuses()
    {
        await using StorageSut healthy = await StorageSut.StartAsync(DatabaseKind.Sqlite);
        for (int i = 0; i < 200; i++)
        {
            await SchemaTests.Execute(healthy, $"INSERT INTO cog_values (cog, key, value, updated_at) VALUES ('c', 'k{i}', '{new string('x', 500)}', 0);");
        }

        string file = healthy.SqliteFile;
        await healthy.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        CheckpointInto(file);
        await using (FileStream stream = new(file, FileMode.Open, FileAccess.ReadWrite))
        {
            // Past the header and the schema page: table pages get garbage.
            stream.Position = 4096 * 3;
            await stream.WriteAsync(Enumerable.Repeat((byte)0x5A, 4096 * 2).ToArray());
        }

        await using StorageSut damaged = await StorageSut.CreateAsync(DatabaseKind.Sqlite, sqliteFile: file);
        StorageStartupException? refused = await Assert.ThrowsAsync<StorageStartupException>(() => damaged.Service.StartAsync(CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain(file));
    }

    [Test]
    public async Task Start_NewFile_IsCreatedInWalMode()
    {
        await using StorageSut sut = await StorageSut.StartAsync(DatabaseKind.Sqlite);

        string mode = await sut.Access.RunAsync("mode", write: false, async (connection, ct) =>
        {
            using System.Data.Common.DbCommand command = Database.Command(connection, "PRAGMA journal_mode;");
            return (string)(await command.ExecuteScalarAsync(ct))!;
        }, CancellationToken.None);

        Assert.That(mode, Is.EqualTo("wal"));
        Assert.That(File.Exists(sut.SqliteFile), Is.True);
    }

    private static void CheckpointInto(string file)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;";
        command.ExecuteNonQuery();
    }
}
