using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using AndyAI.EndToEnd.Tests.Harness;
using AndyAI.Emulator;

namespace AndyAI.EndToEnd.Tests.Sdk;

/// <summary>
/// The samples in samples/ as an owner runs them: Reminders (cog storage and a background loop) and Relay (settings
/// and a private dependency) loaded side by side in the real host, against the emulator. Each ships its own Humanizer,
/// 3.x and 2.x, and both versions run in one process at once; a reminder set before a reload is posted once by the
/// new instance; the cog then unloads cleanly.
/// </summary>
[TestFixture]
internal sealed class SampleCogsTests
{
    private BotHarness _bot = null!;
    private ulong _channel;
    private ulong _relayFrom;
    private ulong _relayTo;

    [OneTimeSetUp]
    public async Task StartBot()
    {
        BotSetup setup = BotSetup.OnlyCogs(BotSetup.Cog("Utility"), BotSetup.Cog("Reminders"), BotSetup.Cog("Relay"));
        setup.ConfigureWorld = discord =>
        {
            _relayFrom = discord.CreateTextChannel(discord.DefaultGuildId, "announcements");
            _relayTo = discord.CreateTextChannel(discord.DefaultGuildId, "announcements-mirror");
            setup.Settings["Relay"] = string.Create(CultureInfo.InvariantCulture, $$"""{ "routes": [ { "from": "{{_relayFrom}}", "to": "{{_relayTo}}" } ] }""");
        };
        _bot = await BotHarness.StartAsync(setup);
        _channel = _bot.NewChannel("reminders");
    }

    [OneTimeTearDown]
    public async Task StopBot() => await _bot.DisposeAsync();

    [Test]
    public async Task RemindersAndRelay_EachRunWithItsOwnHumanizer_AtOnce()
    {
        ulong alice = _bot.Discord.AliceUserId;

        string reminder = await _bot.CommandAsync(alice, _channel, "!remind 1h30m check the oven");
        await _bot.PostAsync(alice, _relayFrom, "release 2.0 is out");
        EmulatorMessage relayed = await _bot.Discord.WaitForBotMessageAsync(m => m.ChannelId == _relayTo, BotHarness.HangGuard);
        string relays = await _bot.CommandAsync(alice, _channel, "!relays");
        IReadOnlyList<int> humanizerMajors = LoadedHumanizerMajorVersions();

        Assert.Multiple(() =>
        {
            Assert.That(reminder, Does.StartWith("⏰ I'll remind you in 1 hour, 30 minutes"), "Reminders' TimeSpan.Humanize (Humanizer 3)");
            Assert.That(relayed.Content, Is.EqualTo($"**alice** in <#{_relayFrom}>: release 2.0 is out"));
            Assert.That(relays, Does.Match($@"^Relaying 1 route: <#{_relayFrom}> → <#{_relayTo}>\. \d+ messages? relayed since <t:\d+:R>\.$"), "Relay's ToQuantity (Humanizer 2)");
            Assert.That(humanizerMajors, Is.EquivalentTo(new[] { 2, 3 }), "one Humanizer per cog, each in the cog's own load context");
        });
    }

    [Test]
    public async Task ReminderSetBeforeAReload_IsPostedOnceByTheNewInstance_ThenTheCogUnloadsCleanly()
    {
        ulong alice = _bot.Discord.AliceUserId;
        EmulatorMessage ask = await _bot.PostAsync(alice, _channel, "!remind 10s stand up");
        EmulatorMessage confirmed = await _bot.WaitForReplyAsync(ask.Id);

        // A changed package makes !reload start a new instance (an unchanged one would be left alone).
        await File.WriteAllTextAsync(Path.Combine(_bot.PluginsDirectory, "Reminders", "revision.txt"), "2");
        string reloaded = await _bot.CommandAsync(_bot.AdminUserId, _bot.ControlChannelId, "!reload Reminders");
        EmulatorMessage posted = await _bot.Discord.WaitForBotMessageAsync(
            m => m.ChannelId == _channel && m.Content.StartsWith($"<@{alice}> ⏰ stand up", StringComparison.Ordinal), BotHarness.HangGuard);
        string pending = await _bot.CommandAsync(alice, _channel, "!reminders");
        string unloaded = await _bot.CommandAsync(_bot.AdminUserId, _bot.ControlChannelId, "!unload Reminders");
        string cogs = await _bot.CommandAsync(_bot.AdminUserId, _bot.ControlChannelId, "!cogs");
        string loadedAgain = await _bot.CommandAsync(_bot.AdminUserId, _bot.ControlChannelId, "!load Reminders");

        Assert.Multiple(() =>
        {
            Assert.That(confirmed.Content, Does.StartWith("⏰ I'll remind you in 10 seconds"));
            Assert.That(reloaded, Does.StartWith("Reminders: reloaded in"));
            Assert.That(posted.ReferencedMessageId, Is.EqualTo(ask.Id), "a reply to the !remind message");
            Assert.That(posted.MentionedUserIds, Is.EqualTo(new[] { alice }), "pings its owner, and only them");
            Assert.That(_bot.Discord.GetChannelMessages(_channel).Count(m => m.Content.StartsWith($"<@{alice}> ⏰ stand up", StringComparison.Ordinal)), Is.EqualTo(1),
                "posted once, though two instances ran side by side during the reload");
            Assert.That(pending, Does.Not.Contain("stand up"), "taken from storage when posted");
            Assert.That(unloaded, Does.StartWith("Reminders: unloaded in"), "the loop stopped on unload, so the cog's context was collected");
            Assert.That(cogs, Does.Not.Contain("eaked"));
            Assert.That(loadedAgain, Does.StartWith("Reminders: loaded"));
        });
    }

    /// <summary>The major versions of every Humanizer assembly loaded in this process (the host runs in it).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IReadOnlyList<int> LoadedHumanizerMajorVersions() =>
        [.. AssemblyLoadContext.All
            .SelectMany(context => context.Assemblies)
            .Select(assembly => assembly.GetName())
            .Where(name => name.Name == "Humanizer")
            .Select(name => name.Version!.Major)];
}
