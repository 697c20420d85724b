using AndyAI.Emulator;
using AndyAI.EndToEnd.Tests.Harness;

namespace AndyAI.EndToEnd.Tests.Interactions;

/// <summary>
/// The built-in owner-only slash commands, /help and /stats through the emulator: /reload with autocomplete of cog names,
/// /unload then /load (the command set follows, /help stays), /help in a server that turned Utility off, /stats private
/// and public, each answered as Discord users see it.
/// </summary>
[TestFixture]
internal sealed class AdminSlashCommandTests
{
    private BotHarness _bot = null!;
    private ulong _channel;
    private ulong _utilityOffChannel;

    [OneTimeSetUp]
    public async Task StartBot()
    {
        var setup = new BotSetup();
        setup.Environment["Interactions__SyncDelay"] = "00:00:00.200";
        setup.ConfigureWorld = discord =>
        {
            // A second server, to turn Utility off in without touching the default one.
            ulong guild = discord.CreateGuild("Utility Off Guild", discord.OwnerUserId);
            _utilityOffChannel = discord.CreateTextChannel(guild, "no-utility");
            discord.AddMember(guild, discord.AliceUserId);
        };
        _bot = await BotHarness.StartAsync(setup);
        _channel = _bot.NewChannel("admin-slash");
        await WaitForLastCommandSetAsync(set => set.Contains("\"ask\"", StringComparison.Ordinal) && set.Contains("\"reload\"", StringComparison.Ordinal));
    }

    [OneTimeTearDown]
    public async Task StopBot() => await _bot.DisposeAsync();

    [Test]
    public async Task Reload_SuggestsCogNames_AndReportsLikeTheBangCommand()
    {
        EmulatorInteraction typing = await _bot.Discord.TypeForAutocompleteAsync(_bot.Discord.OwnerUserId, _channel, "reload",
            new EmulatorCommandOption("cog", "me") { Focused = true });
        EmulatorInteractionResponse suggestions = await AnswerAsync(typing);
        EmulatorInteraction reload = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.OwnerUserId, _channel, "reload", new EmulatorCommandOption("cog", "Utility"));
        EmulatorInteractionResponse first = await AnswerAsync(reload);
        EmulatorInteractionResponse reported = await FinalAsync(reload, first);

        Assert.That((suggestions.Type, suggestions.ChoiceNames), Is.EqualTo(((int?)8, new[] { "MessageHandler" })));
        Assert.That(first.IsEphemeral, Is.True);
        Assert.That(reported.Content, Is.EqualTo("Utility: unchanged (same build and settings)"));
    }

    [Test]
    public async Task UnloadThenLoad_AnsweredPrivately_AndTheCommandSetFollows()
    {
        EmulatorInteraction unload = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.OwnerUserId, _channel, "unload", new EmulatorCommandOption("cog", "Utility"));
        EmulatorInteractionResponse unloaded = await FinalAsync(unload, await AnswerAsync(unload));
        await WaitForLastCommandSetAsync(set => !set.Contains("\"ping\"", StringComparison.Ordinal));
        string setWhileUnloaded = LastCommandSet();
        EmulatorInteraction help = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.AliceUserId, _channel, "help");
        EmulatorInteractionResponse helpWhileUnloaded = await FinalAsync(help, await AnswerAsync(help));
        EmulatorInteraction load = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.OwnerUserId, _channel, "load", new EmulatorCommandOption("cog", "Utility"));
        EmulatorInteractionResponse loaded = await FinalAsync(load, await AnswerAsync(load));
        await WaitForLastCommandSetAsync(set => set.Contains("\"ping\"", StringComparison.Ordinal));

        Assert.That(unloaded.Content, Does.Match(@"^Utility: unloaded in \d+ ms$"));
        Assert.That(loaded.Content, Does.StartWith("Utility: loaded"));
        Assert.That(helpWhileUnloaded.Content, Does.StartWith("**Slash commands**").And.Not.Contain("`/ping`"), "/help is the host's: it stays while Utility is unloaded");
        Assert.That(HelpCount(setWhileUnloaded), Is.EqualTo(1));
        Assert.That(HelpCount(LastCommandSet()), Is.EqualTo(1), "exactly one /help in the global command list");
    }

    [Test]
    public async Task Help_InAServerThatTurnedUtilityOff_StillAnswers_WithoutUtilitysCommands()
    {
        string off = await _bot.CommandAsync(_bot.Discord.OwnerUserId, _utilityOffChannel, "!settings guild cog Utility off");
        EmulatorInteraction help = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.AliceUserId, _utilityOffChannel, "help");
        EmulatorInteractionResponse helped = await FinalAsync(help, await AnswerAsync(help));

        Assert.That(off, Does.StartWith("Done: Utility is now off in this server."));
        Assert.That(helped.IsEphemeral, Is.True);
        Assert.That(helped.Content, Does.StartWith("**Slash commands**").And.Contain("`/help` — ").And.Contain("`/ask").And.Not.Contain("`/ping`").And.Not.Contain("`/stats"));
    }

    [Test]
    public async Task Stats_PrivateByDefault_PublicWhenAsked()
    {
        EmulatorInteraction mine = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.AliceUserId, _channel, "stats");
        // Bob, since Alice's /stats is cooling down for 5 s now.
        EmulatorInteraction everyone = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.BobUserId, _channel, "stats", new EmulatorCommandOption("public", true));

        EmulatorInteractionResponse privately = await FinalAsync(mine, await AnswerAsync(mine));
        EmulatorInteractionResponse publicly = await FinalAsync(everyone, await AnswerAsync(everyone));

        Assert.That((privately.IsEphemeral || _bot.Discord.FindMessage(privately.MessageId ?? 0)?.IsEphemeral == true), Is.True);
        Assert.That(privately.Content, Does.Contain("Conversation memory"));
        Assert.That(_bot.Discord.FindMessage(publicly.MessageId ?? 0)?.IsEphemeral ?? publicly.IsEphemeral, Is.False);
    }

    private Task<EmulatorInteractionResponse> AnswerAsync(EmulatorInteraction interaction) =>
        _bot.Discord.WaitForInteractionResponseAsync(r => r.InteractionId == interaction.Id, BotHarness.HangGuard);

    /// <summary>The answer with text: the first one, or (after a defer) the edit that replaced "thinking…".</summary>
    private async Task<EmulatorInteractionResponse> FinalAsync(EmulatorInteraction interaction, EmulatorInteractionResponse first) =>
        first.Content is not null
            ? first
            : await _bot.Discord.WaitForInteractionResponseAsync(r => r.InteractionId == interaction.Id && r.Content is not null, BotHarness.HangGuard);

    private string LastCommandSet() =>
        _bot.Discord.Requests.Last(r => r.Method == "PUT" && r.Route == "/applications/{application_id}/commands").Body!;

    private static int HelpCount(string commandSet) => commandSet.Split("\"name\":\"help\"").Length - 1;

    private async Task WaitForLastCommandSetAsync(Func<string, bool> condition)
    {
        DateTime deadline = DateTime.UtcNow + BotHarness.HangGuard;
        while (_bot.Discord.Requests.LastOrDefault(r => r.Method == "PUT" && r.Route == "/applications/{application_id}/commands") is not { Body: { } body } || !condition(body))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("the command set written to Discord never became as expected");
            await Task.Delay(50);
        }
    }
}
