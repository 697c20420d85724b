using AndyAI.Emulator;
using AndyAI.EndToEnd.Tests.Harness;

namespace AndyAI.EndToEnd.Tests.Commands;

/// <summary>
/// <c>!reload</c> while a cog is answering, with SlowAnswerCog: its answer starts before the reload and only finishes
/// once the host begins to retire the old build, so the answer spans the reload by construction. Build v1 is loaded
/// first; the test drops build v2 into plugins/ and reloads.
/// </summary>
[TestFixture]
internal sealed class ReloadInFlightTests
{
    private BotHarness _bot = null!;

    [OneTimeSetUp]
    public async Task StartBot()
    {
        BotSetup setup = BotSetup.OnlyCogs(BotSetup.Cog("SlowAnswerCogV1", "SlowAnswerCog", "SlowAnswer"));
        _bot = await BotHarness.StartAsync(setup);
    }

    [OneTimeTearDown]
    public async Task StopBot() => await _bot.DisposeAsync();

    [Test]
    public async Task OwnerReload_WhileAnswering_InFlightAnswerCompletesAndTheNextMentionGetsTheNewBuild()
    {
        ulong channel = _bot.NewChannel("slow-reload");
        EmulatorMessage first = await _bot.PostAsync(_bot.Discord.AliceUserId, channel, $"{_bot.Mention} a slow question");
        await _bot.WaitForReplyAsync(first.Id, m => m.Content == "v1: started");

        _bot.CopyCog("SlowAnswerCogV2", "SlowAnswerCog");
        string reloaded = await _bot.CommandAsync(_bot.Discord.OwnerUserId, channel, "!reload SlowAnswer");
        string listing = await _bot.CommandAsync(_bot.Discord.OwnerUserId, channel, "!cogs");
        EmulatorMessage second = await _bot.PostAsync(_bot.Discord.AliceUserId, channel, $"{_bot.Mention} and now?");
        await _bot.WaitForReplyAsync(second.Id, m => m.Content == "v2: started");

        Assert.Multiple(() =>
        {
            Assert.That(reloaded, Does.Match(@"^SlowAnswer: reloaded in \d+ ms$"));
            Assert.That(_bot.RepliesTo(first.Id).Select(m => m.Content), Is.EqualTo(new[] { "v1: started", "v1: done" }), "the in-flight answer completed on the old build");
            Assert.That(_bot.RepliesTo(second.Id).Select(m => m.Content), Is.EqualTo(new[] { "v2: started" }), "the next mention reached only the new build");
            Assert.That(BotHarness.CogLine(listing, "SlowAnswer"), Does.StartWith("SlowAnswer 2.0.0: running"), listing);
        });
    }
}
