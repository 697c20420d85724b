using AndyAI.Emulator;
using AndyAI.EndToEnd.Tests.Harness;

namespace AndyAI.EndToEnd.Tests.Interactions;

/// <summary>
/// The built-in owner-only slash commands and /stats through the emulator: /reload with autocomplete of cog names,
/// /unload then /load (the command set follows), /stats private and public, each answered as Discord users see it.
/// </summary>
[TestFixture]
internal sealed class AdminSlashCommandTests
{
    private BotHarness _bot = null!;
    private ulong _channel;

    [OneTimeSetUp]
    public async Task StartBot()
    {
        var setup = new BotSetup();
        setup.Environment["Interactions__SyncDelay"] = "00:00:00.200";
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
        EmulatorInteraction load = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.OwnerUserId, _channel, "load", new EmulatorCommandOption("cog", "Utility"));
        EmulatorInteractionResponse loaded = await FinalAsync(load, await AnswerAsync(load));
        await WaitForLastCommandSetAsync(set => set.Contains("\"ping\"", StringComparison.Ordinal));

        Assert.That(unloaded.Content, Does.Match(@"^Utility: unloaded in \d+ ms$"));
        Assert.That(loaded.Content, Does.StartWith("Utility: loaded"));
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
