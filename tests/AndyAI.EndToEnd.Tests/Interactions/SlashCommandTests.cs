using AndyAI.Emulator;
using AndyAI.EndToEnd.Tests.Harness;

namespace AndyAI.EndToEnd.Tests.Interactions;

/// <summary>
/// Slash commands and buttons through the emulator, with the Utility cog and the Slash test cog (build v1 first):
/// what a Discord user sees for a quick answer, an owner-only command, a slow handler, a throwing one, and a button
/// posted before a reload; and that the command set is written to Discord once and not again when it did not change.
/// </summary>
[TestFixture]
internal sealed class SlashCommandTests
{
    private BotHarness _bot = null!;
    private ulong _channel;

    [OneTimeSetUp]
    public async Task StartBot()
    {
        BotSetup setup = BotSetup.OnlyCogs(BotSetup.Cog("Utility"), BotSetup.Cog("SlashCogV1", "SlashCog", "Slash"));
        setup.Environment["Interactions__SyncDelay"] = "00:00:00.200";
        _bot = await BotHarness.StartAsync(setup);
        _channel = _bot.NewChannel("slash");
        await WaitForCommandAsync("slash-button");
    }

    [OneTimeTearDown]
    public async Task StopBot() => await _bot.DisposeAsync();

    [Test]
    public async Task Ping_AnsweredPublicly()
    {
        EmulatorInteraction ping = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.AliceUserId, _channel, "ping");

        EmulatorInteractionResponse answer = await AnswerAsync(ping);

        Assert.That(answer.Kind, Is.EqualTo(EmulatorInteractionResponseKind.Callback));
        Assert.That(answer.Type, Is.EqualTo(4));
        Assert.That((answer.StatusCode, answer.ErrorCode), Is.EqualTo((204, 0)), "accepted (Discord answers a callback with 204)");
        Assert.That(answer.IsEphemeral, Is.False);
        Assert.That(answer.Content, Does.StartWith("Pong! Gateway heartbeat: "));
    }

    [Test]
    public async Task Help_ListsWhatTheUserMayRun_Privately()
    {
        EmulatorInteraction help = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.AliceUserId, _channel, "help");

        EmulatorInteractionResponse answer = await AnswerAsync(help);

        Assert.That(answer.IsEphemeral, Is.True);
        Assert.That(answer.Content, Does.StartWith("**Slash commands**").And.Contain("`/ping` — ").And.Contain("`/stats [public]` — ").And.Not.Contain("/reload"));
    }

    [Test]
    public async Task OwnerOnlyCommand_FromAStranger_RefusedEphemerally_AndFromTheOwnerAnswered()
    {
        EmulatorInteraction stranger = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.AliceUserId, _channel, "cogs");
        EmulatorInteraction owner = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.OwnerUserId, _channel, "cogs");

        EmulatorInteractionResponse refused = await AnswerAsync(stranger);
        EmulatorInteractionResponse listed = await AnswerAsync(owner);

        Assert.That(refused.IsEphemeral, Is.True);
        Assert.That(refused.Content, Is.EqualTo("You are not allowed to use `/cogs`: it is for the bot's owners."));
        Assert.That(listed.IsEphemeral, Is.True);
        Assert.That(listed.Content, Does.Contain("Utility").And.Contain("Slash"));
    }

    [Test]
    public async Task SlowHandler_DeferredByTheHost_ThenTheReplyEditsTheOriginal()
    {
        EmulatorInteraction slow = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.AliceUserId, _channel, "slash-slow");

        EmulatorInteractionResponse deferred = await AnswerAsync(slow);
        EmulatorInteractionResponse edited = await _bot.Discord.WaitForInteractionResponseAsync(
            r => r.InteractionId == slow.Id && r.Kind == EmulatorInteractionResponseKind.EditOriginal, BotHarness.HangGuard);

        Assert.That((deferred.Kind, deferred.Type, deferred.StatusCode), Is.EqualTo((EmulatorInteractionResponseKind.Callback, (int?)5, 204)));
        Assert.That(deferred.Timestamp - slow.CreatedAt, Is.LessThan(TimeSpan.FromSeconds(3)), "within Discord's 3 seconds");
        Assert.That((edited.StatusCode, edited.Content), Is.EqualTo((200, "v1: slow done")).Or.EqualTo((200, "v2: slow done")));
        Assert.That(_bot.Discord.InteractionResponses.Where(r => r.InteractionId == slow.Id).Select(r => r.ErrorCode), Is.All.Zero);
    }

    [Test]
    public async Task SubcommandGroup_RegisteredNested_AndTheHandlerSeesGroupSubcommandAndValue()
    {
        EmulatorInteraction set = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.AliceUserId, _channel, "slash-config",
            EmulatorCommandOption.SubCommand("set", EmulatorCommandOption.SubCommand("size", new EmulatorCommandOption("value", 7L))));
        EmulatorInteraction show = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.AliceUserId, _channel, "slash-config", EmulatorCommandOption.SubCommand("show"));

        EmulatorInteractionResponse setAnswer = await AnswerAsync(set);
        EmulatorInteractionResponse showAnswer = await AnswerAsync(show);

        Assert.That(setAnswer.Content, Is.EqualTo("v1: set size 7").Or.EqualTo("v2: set size 7"));
        Assert.That(showAnswer.Content, Is.EqualTo("v1: - show -").Or.EqualTo("v2: - show -"));
        Assert.That(() => _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.AliceUserId, _channel, "slash-config",
            EmulatorCommandOption.SubCommand("set", EmulatorCommandOption.SubCommand("size", new EmulatorCommandOption("value", 11L)))),
            Throws.ArgumentException, "Discord's client refuses a value past max_value: the registered group kept its option's limits");
    }

    [Test]
    public async Task SelectMenusOfEachKind_PickedByAUser_TheCogSeesTheValuesResolved()
    {
        await WaitForCommandAsync("slash-pick");
        EmulatorInteraction post = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.AliceUserId, _channel, "slash-pick");
        ulong menus = (await AnswerAsync(post)).MessageId!.Value;
        string alice = _bot.Discord.AliceUserId.ToString(), bob = _bot.Discord.BobUserId.ToString(), moderators = _bot.Discord.ModeratorRoleId.ToString();

        async Task<string> PickAsync(string customId, params string[] values) =>
            (await AnswerAsync(await _bot.Discord.SelectMenuAsync(_bot.Discord.OwnerUserId, menus, "Slash:" + customId, values))).Content ?? "";

        EmulatorSelectMenu whereMenu = _bot.Discord.FindMessage(menus)!.SelectMenus.Single(m => m.CustomId == "Slash:pick-where");
        string colours = await PickAsync("pick-colour", "red", "green");
        string cleared = await PickAsync("pick-colour");
        string users = await PickAsync("pick-users", bob, alice);
        string roles = await PickAsync("pick-roles", moderators);
        string any = await PickAsync("pick-any", alice, moderators);
        string where = await PickAsync("pick-where", _channel.ToString());

        Assert.That(colours, Does.EndWith(": pick-colour values=red,green users= roles= channels="));
        Assert.That(cleared, Does.EndWith(": pick-colour values= users= roles= channels="), "min 0: clearing the menu is a pick too");
        Assert.That(users, Does.EndWith($": pick-users values={bob},{alice} users=bob,alice roles= channels="));
        Assert.That(roles, Does.EndWith($": pick-roles values={moderators} users= roles=Moderators channels="));
        Assert.That(any, Does.EndWith($": pick-any values={alice},{moderators} users=alice roles=Moderators channels="));
        Assert.That(where, Does.EndWith($": pick-where values={_channel} users= roles= channels=slash(0)"));
        Assert.That(whereMenu.DefaultValues, Is.EqualTo(new[] { (_channel, "channel") }), "the cog's default value (contract 1.7) reached Discord as default_values");
        Assert.That(() => _bot.Discord.SelectMenuAsync(_bot.Discord.OwnerUserId, menus, "Slash:pick-where", _bot.Discord.CreateThread(_channel, "side").ToString()),
            Throws.ArgumentException, "the channel menu offers text channels only: the filter reached Discord");
        Assert.That(() => _bot.Discord.SelectMenuAsync(_bot.Discord.OwnerUserId, menus, "Slash:pick-users", alice, bob, alice, bob),
            Throws.ArgumentException, "at most 3 users: the pick count reached Discord");
    }

    [Test]
    public async Task Autocomplete_TheCogReadsTheOtherOptionsFilledSoFar()
    {
        await WaitForCommandAsync("slash-track");

        EmulatorInteraction typing = await _bot.Discord.TypeForAutocompleteAsync(_bot.Discord.AliceUserId, _channel, "slash-track",
            new EmulatorCommandOption("album", "Abbey Road"), new EmulatorCommandOption("disc", 2L), new EmulatorCommandOption("track", "Come") { Focused = true });
        EmulatorInteractionResponse suggested = await AnswerAsync(typing);

        Assert.That(suggested.ChoiceNames, Is.EqualTo(new[] { "Abbey Road disc 2: Come" }));
    }

    [Test]
    public async Task Autocomplete_TheCogSeesTheChannelOwnershipAndRoles()
    {
        await WaitForCommandAsync("slash-track");

        EmulatorInteraction byOwner = await _bot.Discord.TypeForAutocompleteAsync(_bot.Discord.OwnerUserId, _channel, "slash-track", new EmulatorCommandOption("caller", "") { Focused = true });
        EmulatorInteractionResponse toOwner = await AnswerAsync(byOwner);
        EmulatorInteraction byAlice = await _bot.Discord.TypeForAutocompleteAsync(_bot.Discord.AliceUserId, _channel, "slash-track", new EmulatorCommandOption("caller", "") { Focused = true });
        EmulatorInteractionResponse toAlice = await AnswerAsync(byAlice);

        // Contract 1.7: the owner (the application's) has the Moderators role in the emulator's guild, alice no role.
        Assert.That(toOwner.ChoiceNames, Is.EqualTo(new[] { $"owner owner in {_channel} roles {_bot.Discord.ModeratorRoleId}" }));
        Assert.That(toAlice.ChoiceNames, Is.EqualTo(new[] { $"alice member in {_channel} roles none" }));
    }

    [Test]
    public async Task ThrowingHandler_EphemeralError_NotSilence()
    {
        EmulatorInteraction boom = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.AliceUserId, _channel, "slash-boom");

        EmulatorInteractionResponse answer = await AnswerAsync(boom);

        Assert.That(answer.Type, Is.EqualTo(4));
        Assert.That(answer.IsEphemeral, Is.True);
        Assert.That(answer.Content, Is.EqualTo("Sorry, `/slash-boom` failed (InvalidOperationException). The details are in the bot's log."));
    }

    [Test]
    public async Task ButtonPostedByV1_AfterReload_HandledByV2_UnchangedSetNotWrittenAgain_AfterUnloadExpired()
    {
        EmulatorInteraction post = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.AliceUserId, _channel, "slash-button");
        EmulatorInteractionResponse posted = await AnswerAsync(post);
        int putsBefore = CommandWrites("PUT");
        int getsBefore = CommandWrites("GET");

        _bot.CopyCog("SlashCogV2", "SlashCog");
        string reloaded = await _bot.CommandAsync(_bot.Discord.OwnerUserId, _channel, "!reload Slash");
        EmulatorInteraction press = await _bot.Discord.ClickButtonAsync(_bot.Discord.BobUserId, posted.MessageId!.Value, "Slash:press");
        EmulatorInteractionResponse pressed = await AnswerAsync(press);
        await WaitUntilAsync(() => CommandWrites("GET") > getsBefore, "the sync after the reload to read Discord's commands");
        await Task.Delay(500); // a write would follow its read at once; give it time to show up if the sync wrongly made one

        Assert.That(posted.ComponentCustomIds, Is.EqualTo(new[] { "Slash:press" }));
        Assert.That(reloaded, Does.Match(@"^Slash: reloaded in \d+ ms$"));
        Assert.That(pressed.Content, Is.EqualTo("v2: pressed press"));
        Assert.That(putsBefore, Is.EqualTo(1), "the start wrote the command set once");
        Assert.That(CommandWrites("PUT"), Is.EqualTo(1), "the reload changed no command, so nothing was written");

        // Once the cog is gone, its buttons answer that they expired (and its commands leave Discord).
        string unloaded = await _bot.CommandAsync(_bot.Discord.OwnerUserId, _channel, "!unload Slash");
        EmulatorInteraction late = await _bot.Discord.ClickButtonAsync(_bot.Discord.BobUserId, posted.MessageId!.Value, "Slash:press");
        EmulatorInteractionResponse expired = await AnswerAsync(late);
        await WaitUntilAsync(() => CommandWrites("PUT") == 2, "the sync after the unload");
        string? afterUnload = _bot.Discord.Requests.Last(r => r.Method == "PUT" && r.Route == "/applications/{application_id}/commands").Body;
        string loaded = await _bot.CommandAsync(_bot.Discord.OwnerUserId, _channel, "!load Slash");
        await WaitUntilAsync(() => CommandWrites("PUT") == 3, "the sync after the load (the other tests use the cog's commands)");

        Assert.That(unloaded, Does.Match(@"^Slash: unloaded in \d+ ms$"), "unloaded and collected: nothing of the interactions surface kept the cog alive");
        Assert.That((expired.IsEphemeral, expired.Content), Is.EqualTo((true, "This button has expired.")));
        Assert.That(afterUnload, Does.Not.Contain("slash-button").And.Contain("\"ping\""));
        Assert.That(loaded, Does.StartWith("Slash: loaded"));
    }

    private int CommandWrites(string method) =>
        _bot.Discord.Requests.Count(r => r.Method == method && r.Route == "/applications/{application_id}/commands");

    private Task<EmulatorInteractionResponse> AnswerAsync(EmulatorInteraction interaction) =>
        _bot.Discord.WaitForInteractionResponseAsync(r => r.InteractionId == interaction.Id, BotHarness.HangGuard);

    private async Task WaitForCommandAsync(string name)
    {
        await WaitUntilAsync(() => _bot.Discord.Requests.Any(r => r.Method == "PUT" && r.Route == "/applications/{application_id}/commands" && r.Body?.Contains($"\"{name}\"", StringComparison.Ordinal) == true),
            $"/{name} to be registered");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        DateTime deadline = DateTime.UtcNow + BotHarness.HangGuard;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"waited {BotHarness.HangGuard} for {what}");
            await Task.Delay(50);
        }
    }
}
