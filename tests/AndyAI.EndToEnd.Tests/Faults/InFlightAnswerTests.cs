using AndyAI.Emulator;
using AndyAI.EndToEnd.Tests.Harness;

namespace AndyAI.EndToEnd.Tests.Faults;

/// <summary>
/// Answers in flight when their cog is retired (<c>!reload</c>, <c>!unload</c>) or the host stops (SIGTERM): the old
/// instance finishes what it started within <c>Plugins:DrainTimeout</c> while the new one takes the next question,
/// and anything cut anyway ends with a short notice. The model is slow on purpose (the fake's latency).
/// </summary>
[TestFixture]
internal sealed class InFlightAnswerTests
{
    private const string RestartNotice = "I was restarted while answering — please ask again.";

    private static BotSetup Setup(string drainTimeout)
    {
        var setup = new BotSetup();
        setup.Environment["Llm__Timeout"] = "00:02:00";
        setup.Environment["Plugins__StopTimeout"] = "00:00:01";
        setup.Environment["Plugins__DrainTimeout"] = drainTimeout;
        return setup;
    }

    private static async Task WaitForModelAsync(BotHarness bot, int requests)
    {
        using var guard = new CancellationTokenSource(BotHarness.HangGuard);
        await bot.Llm.WaitForChatRequestsAsync(requests, guard.Token);
    }

    [Test]
    public async Task Reload_AnswerOutlastsTheStopTimeout_TheOldBuildFinishesItInTheBackground()
    {
        await using BotHarness bot = await BotHarness.StartAsync(Setup(drainTimeout: "00:01:00"));
        ulong channel = bot.NewChannel("drain-finishes");
        bot.Llm.Options.Latency = TimeSpan.FromSeconds(8); // outlasts loading the new build and the 1 s stop timeout, even on a busy machine
        EmulatorMessage question = await bot.PostAsync(bot.Discord.AliceUserId, channel, $"{bot.Mention} a slow one");
        await WaitForModelAsync(bot, 1);

        bot.CopyCog("MessageHandlerNextBuild", "MessageHandler");
        string reloaded = await bot.CommandAsync(bot.Discord.OwnerUserId, channel, "!reload MessageHandler");
        string listing = await bot.CommandAsync(bot.Discord.OwnerUserId, channel, "!cogs");
        await bot.WaitForAnswerAsync(question.Id, "echo: a slow one");
        string retired = await bot.WaitForLogLineAsync(l => l.Contains("the retired instance", StringComparison.Ordinal) && l.Contains("finished its work", StringComparison.Ordinal));

        Assert.Multiple(() =>
        {
            Assert.That(reloaded, Does.Match(@"^MessageHandler: reloaded in \d+ ms \(the previous instance \S+ is still finishing its work and stops in the background \(at most 60 s\)\)$"));
            Assert.That(BotHarness.CogLine(listing, "MessageHandler"), Does.Contain("1 retired instance still finishing its work"), listing);
            Assert.That(bot.RepliesTo(question.Id).Select(m => m.Content), Is.EqualTo(new[] { "echo: a slow one" }), "answered once, by the old build");
            Assert.That(retired, Does.Contain("MessageHandler"));
        });
    }

    [Test]
    public async Task ReloadAndUnload_AnswerOutlastsTheDrainBudget_TheUserIsToldToAskAgain()
    {
        await using BotHarness bot = await BotHarness.StartAsync(Setup(drainTimeout: "00:00:01"));
        ulong channel = bot.NewChannel("drain-cut");
        bot.Llm.Options.Latency = TimeSpan.FromSeconds(60);
        EmulatorMessage first = await bot.PostAsync(bot.Discord.AliceUserId, channel, $"{bot.Mention} too slow for a reload");
        await WaitForModelAsync(bot, 1);

        bot.CopyCog("MessageHandlerNextBuild", "MessageHandler");
        string reloaded = await bot.CommandAsync(bot.Discord.OwnerUserId, channel, "!reload MessageHandler");
        EmulatorMessage cutByReload = await bot.WaitForReplyAsync(first.Id);
        EmulatorMessage second = await bot.PostAsync(bot.Discord.AliceUserId, channel, $"{bot.Mention} too slow for an unload");
        await WaitForModelAsync(bot, 2);
        string unloaded = await bot.CommandAsync(bot.Discord.OwnerUserId, channel, "!unload MessageHandler");
        EmulatorMessage cutByUnload = await bot.WaitForReplyAsync(second.Id);

        Assert.Multiple(() =>
        {
            Assert.That(reloaded, Does.StartWith("MessageHandler: reloaded in"));
            Assert.That(cutByReload.Content, Is.EqualTo(RestartNotice));
            Assert.That(unloaded, Does.StartWith("MessageHandler: unloaded in"));
            Assert.That(cutByUnload.Content, Is.EqualTo(RestartNotice));
            Assert.That(bot.RepliesTo(first.Id), Has.Count.EqualTo(1));
            Assert.That(bot.RepliesTo(second.Id), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Shutdown_WhileAnswering_TheUserIsToldToAskAgainAndTheHostExitsCleanly()
    {
        BotSetup setup = Setup(drainTimeout: "00:01:00");
        setup.Environment["Plugins__ShutdownTimeout"] = "00:00:08";
        await using BotHarness bot = await BotHarness.StartAsync(setup);
        ulong channel = bot.NewChannel("drain-shutdown");
        bot.Llm.Options.Latency = TimeSpan.FromSeconds(60);
        EmulatorMessage question = await bot.PostAsync(bot.Discord.AliceUserId, channel, $"{bot.Mention} answer me before you go");
        await WaitForModelAsync(bot, 1);

        int exitCode = await bot.StopHostAsync();

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero);
            Assert.That(bot.RepliesTo(question.Id).Select(m => m.Content), Is.EqualTo(new[] { RestartNotice }), "the notice went out before the connection closed");
        });
    }

    [Test]
    public async Task Reload_WhileStreaming_TheCutAnswerIsMarkedAsCut()
    {
        string[] pieces = [.. Enumerable.Range(0, 400).Select(i => (i == 0 ? "" : " ") + $"word{i:000}")];
        await using SlowStreamingLlm llm = await SlowStreamingLlm.StartAsync(pieces, TimeSpan.FromMilliseconds(250));
        BotSetup setup = Setup(drainTimeout: "00:00:01");
        setup.LlmBaseUrlOverride = llm.BaseUrl;
        await using BotHarness bot = await BotHarness.StartAsync(setup);
        ulong channel = bot.NewChannel("drain-stream");
        EmulatorMessage question = await bot.PostAsync(bot.Discord.AliceUserId, channel, $"{bot.Mention} stream something long");
        await bot.WaitForReplyAsync(question.Id, m => m.Content.StartsWith("word000", StringComparison.Ordinal));

        bot.CopyCog("MessageHandlerNextBuild", "MessageHandler");
        await bot.CommandAsync(bot.Discord.OwnerUserId, channel, "!reload MessageHandler");
        EmulatorMessage cut = await bot.WaitForReplyAsync(question.Id, m => m.Content.EndsWith("please ask again)*", StringComparison.Ordinal));

        Assert.Multiple(() =>
        {
            Assert.That(cut.Content, Does.StartWith("word000 word001"));
            Assert.That(cut.Content, Does.EndWith("\n\n*(cut off: I was restarted while answering — please ask again)*"));
            Assert.That(cut.Content, Does.Not.Contain("word399"), "the answer really was cut");
            Assert.That(bot.RepliesTo(question.Id), Has.Count.EqualTo(1));
        });
    }
}
