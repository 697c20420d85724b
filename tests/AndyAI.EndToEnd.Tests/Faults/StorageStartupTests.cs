using AndyAI.EndToEnd.Tests.Harness;

namespace AndyAI.EndToEnd.Tests.Faults;

/// <summary>The bot refuses to start on a database it cannot trust, with one line, and leaves the file alone.</summary>
[TestFixture]
internal sealed class StorageStartupTests
{
    [Test]
    public async Task DamagedSqliteFile_RefusesToStart_Exit78_NamingTheFile_AndLeavesItAsItWas()
    {
        byte[] garbage = [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 13 % 256))];
        // Outside the bot's folder (Storage:SqlitePath), which the harness deletes after the failed start.
        string directory = Path.Combine(Path.GetTempPath(), "andyai-e2e-db", Guid.NewGuid().ToString("N"));
        string file = Path.Combine(directory, "andyai.db");
        Directory.CreateDirectory(directory);
        await File.WriteAllBytesAsync(file, garbage);
        var setup = new BotSetup();
        setup.Environment["Storage__SqlitePath"] = file;

        InvalidOperationException? stopped = await Assert.ThrowsAsync<InvalidOperationException>(async () => await (await BotHarness.StartAsync(setup)).DisposeAsync());

        Assert.That(stopped!.Message, Does.Contain("exit code 78"));
        Assert.That(stopped.Message, Does.Contain($"Storage error: the database file {file} is not a readable SQLite database"));
        Assert.That(await File.ReadAllBytesAsync(file), Is.EqualTo(garbage));
        Directory.Delete(directory, recursive: true);
    }

    [Test]
    public async Task MalformedDatabaseUrl_IsAConfigurationError_WithoutThePassword()
    {
        var setup = new BotSetup();
        setup.Environment["DATABASE_URL"] = "mysql://bot:Sup3rSecretPw@127.0.0.1/andyai";

        InvalidOperationException? stopped = await Assert.ThrowsAsync<InvalidOperationException>(async () => await (await BotHarness.StartAsync(setup)).DisposeAsync());

        Assert.That(stopped!.Message, Does.Contain("exit code 78").And.Contain("Configuration error: DATABASE_URL (Storage:DatabaseUrl) has the scheme 'mysql'"));
        Assert.That(stopped.Message, Does.Not.Contain("Sup3rSecretPw"));
    }
}
