using AndyAI.EndToEnd.Tests.Harness;

namespace AndyAI.EndToEnd.Tests.Commands;

/// <summary>
/// A third-party cog (tests/E2ECogs/NotesCog) keeps data in the host's database through ICogContext.Storage: it
/// survives a reload, an unload and load, and a restart of the bot; and the cog still unloads cleanly (the host keeps
/// nothing of it).
/// </summary>
[TestFixture]
internal sealed class CogStorageTests
{
    private BotHarness _bot = null!;
    private ulong _channel;

    [OneTimeSetUp]
    public async Task StartBot()
    {
        BotSetup setup = BotSetup.OnlyCogs(BotSetup.Cog("Utility"), BotSetup.Cog("NotesCog"));
        _bot = await BotHarness.StartAsync(setup);
        _channel = _bot.NewChannel("notes");
    }

    [OneTimeTearDown]
    public async Task StopBot() => await _bot.DisposeAsync();

    [Test]
    public async Task Values_SurviveReload_UnloadAndLoad_AndRestart()
    {
        ulong alice = _bot.Discord.AliceUserId;
        Assert.That(await _bot.CommandAsync(alice, _channel, "!note buy milk"), Is.EqualTo("noted"));

        // A changed package makes !reload start a new instance (an unchanged one would be left alone).
        await File.WriteAllTextAsync(Path.Combine(_bot.PluginsDirectory, "NotesCog", "revision.txt"), "2");
        string reloaded = await _bot.CommandAsync(_bot.AdminUserId, _bot.ControlChannelId, "!reload NotesCog");
        string afterReload = await _bot.CommandAsync(alice, _channel, "!mynote");
        string unloaded = await _bot.CommandAsync(_bot.AdminUserId, _bot.ControlChannelId, "!unload NotesCog");
        string loaded = await _bot.CommandAsync(_bot.AdminUserId, _bot.ControlChannelId, "!load NotesCog");
        string afterLoad = await _bot.CommandAsync(alice, _channel, "!mynote");
        await _bot.RestartAsync();
        string afterRestart = await _bot.CommandAsync(alice, _channel, "!mynote");
        string others = await _bot.CommandAsync(_bot.Discord.BobUserId, _channel, "!mynote");
        string listed = await _bot.CommandAsync(alice, _channel, "!notes");
        string cogs = await _bot.CommandAsync(_bot.AdminUserId, _bot.ControlChannelId, "!cogs");

        Assert.Multiple(() =>
        {
            Assert.That(reloaded, Does.StartWith("NotesCog: reloaded in"));
            Assert.That(afterReload, Is.EqualTo("your note: buy milk"));
            Assert.That(unloaded, Does.StartWith("NotesCog: unloaded in"), "unloading does not delete the data, and the cog is collected");
            Assert.That(loaded, Does.StartWith("NotesCog: loaded"));
            Assert.That(afterLoad, Is.EqualTo("your note: buy milk"));
            Assert.That(afterRestart, Is.EqualTo("your note: buy milk"));
            Assert.That(others, Is.EqualTo("no note"));
            Assert.That(listed, Is.EqualTo("notes: 1"));
            Assert.That(cogs, Does.Not.Contain("Leaked").And.Not.Contain("leaked"));
        });
    }
}
