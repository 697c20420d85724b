using AndyAI.Abstractions.Settings;
using AndyAI.Host.Settings;

namespace AndyAI.Host.Tests.Settings;

public sealed class SettingsEditorTests
{
    private const ulong Guild = SettingsSut.KnownGuild;
    private const ulong Alice = 1;
    private static readonly SettingsEditor.Caller Manager = new(Alice, IsOwner: false, Permissions: SettingsEditor.ManageGuild, RoleIds: []);
    private static readonly SettingsEditor.Caller Member = new(2, IsOwner: false, Permissions: 0, RoleIds: [77]);

    private SettingsSut _sut = null!;

    [SetUp]
    public async Task SetUpAsync() => _sut = await SettingsSut.StartAsync();

    [TearDown]
    public async Task TearDownAsync() => await _sut.DisposeAsync();

    [Test]
    public async Task MayChange_ManageServerAdministratorOwnersAndSettingsRoles_NotOthers()
    {
        await _sut.Editor.SetGuildAsync(Manager, Guild, "settings-roles", "<@&77>", default);

        Assert.That(_sut.Editor.MayChange(Manager, Guild), Is.True);
        Assert.That(_sut.Editor.MayChange(new(3, false, SettingsEditor.Administrator, []), Guild), Is.True);
        Assert.That(_sut.Editor.MayChange(new(3, true, null, []), Guild), Is.True, "a bot owner");
        Assert.That(_sut.Editor.MayChange(Member, Guild), Is.True, "a settings role");
        Assert.That(_sut.Editor.MayChange(Member, Guild + 1), Is.False, "the role counts only in its guild");
        Assert.That(_sut.Editor.MayChange(new(3, false, 1UL << 10, [78]), Guild), Is.False);
    }

    [Test]
    public async Task SetGuild_ByAMemberWithoutThePermission_IsRefused_AndChangesNothing()
    {
        string reply = await _sut.Editor.SetGuildAsync(Member, Guild, "prompt", "You are a cat.", default);

        Assert.That(reply, Does.StartWith("You may not change this server's settings"));
        Assert.That(_sut.Settings.Guild(Guild).SystemPrompt, Is.Null);
    }

    [Test]
    public async Task Show_EveryServerSettingAndTheUsersOwn_InTheWordsAChangeRepliesWith()
    {
        await _sut.Editor.SetGuildAsync(Manager, Guild, "persona", "Andy", default);
        await _sut.Editor.SetGuildAsync(Manager, Guild, "channels", "<#10>", default);
        await _sut.Editor.SetGuildAsync(Manager, Guild, "cog", "MessageHandler off", default);
        await _sut.Editor.SetGuildAsync(Manager, Guild, "user-quota", "1000", default);
        await _sut.Editor.SetUserAsync(Alice, "language", "French", default);

        string shown = await _sut.Editor.ShowAsync(Alice, Guild, default);

        Assert.That(shown.ReplaceLineEndings("\n").Split('\n'), Is.EqualTo(new[]
        {
            "**This server**",
            "prompt: the bot's default",
            "persona: `Andy`",
            "model: the bot's default",
            "channels: <#10>",
            "ai-roles: everyone",
            "settings-roles: Manage Server only",
            "cogs turned off: MessageHandler",
            "user-quota: 1,000 tokens a day",
            "guild-quota: the bot's default",
            "**You**",
            "model: the server's",
            "language: `French`",
            "persona: none",
        }));
    }

    [Test]
    public async Task Show_ChannelsAndRolesDeletedSinceTheyWereSet_AreMarked_AndAListWithNoneLeftSaysWhatThatDoes()
    {
        await _sut.Editor.SetGuildAsync(Manager, Guild, "channels", "<#10> <#11>", default);
        await _sut.Editor.SetGuildAsync(Manager, Guild, "ai-roles", "<@&20>", default);
        await _sut.Editor.SetGuildAsync(Manager, Guild, "settings-roles", "<@&77>", default);
        _sut.Guilds.Add(Guild, channelIds: [11, 12], roleIds: [Guild, 77]); // #10 and @20 deleted

        string[] oneDeleted = Lines(await _sut.Editor.ShowAsync(Alice, Guild, default));
        _sut.Guilds.Add(Guild, channelIds: [12], roleIds: [Guild]); // #11 and @77 too
        string[] allDeleted = Lines(await _sut.Editor.ShowAsync(Alice, Guild, default));

        Assert.Multiple(() =>
        {
            Assert.That(oneDeleted, Does.Contain("channels: <#10> (deleted) <#11>"));
            Assert.That(oneDeleted, Does.Contain("ai-roles: <@&20> (deleted): none of these exists any more, so nobody here may use the AI until `ai-roles` is changed or reset"));
            Assert.That(oneDeleted, Does.Contain("settings-roles: <@&77>"));
            Assert.That(allDeleted, Does.Contain("channels: <#10> (deleted) <#11> (deleted): none of these exists any more, so the AI answers in no channel here until `channels` is changed or reset"));
            Assert.That(allDeleted, Does.Contain("settings-roles: <@&77> (deleted): none of these exists any more, so only members with Manage Server may change these settings"));
        });
    }

    [Test]
    public async Task Show_InAGuildThisProcessDoesNotKnow_ListsTheIdsUnmarked()
    {
        const ulong Elsewhere = Guild + 1;
        var owner = new SettingsEditor.Caller(Alice, IsOwner: true, Permissions: null, RoleIds: []);
        await _sut.Editor.SetGuildAsync(owner, Elsewhere, "channels", "<#10>", default);

        string[] shown = Lines(await _sut.Editor.ShowAsync(Alice, Elsewhere, default));

        Assert.That(shown, Does.Contain("channels: <#10>"), "its shard may run in another process: nothing to check against");
    }

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").Split('\n');

    [Test]
    public async Task Show_InADm_OnlyTheUsersOwn_UnsetModelIsTheBotsDefault()
    {
        string shown = await _sut.Editor.ShowAsync(Alice, guildId: null, default);

        Assert.That(shown.ReplaceLineEndings("\n").Split('\n'), Is.EqualTo(new[] { "**You**", "model: the bot's default", "language: any", "persona: none" }),
            "a DM has no server whose model it would use");
        Assert.That(await _sut.Editor.SetUserAsync(Alice, "model", "reset", default), Is.EqualTo("Done: your `model` is now the server's (the bot's default in DMs)."));
    }

    [Test]
    public async Task SetGuild_EachKey_IsStoredAndApplies_AndResetRestoresTheDefault()
    {
        string[] replies =
        [
            await _sut.Editor.SetGuildAsync(Manager, Guild, "prompt", "Be terse.", default),
            await _sut.Editor.SetGuildAsync(Manager, Guild, "persona", "Andy", default),
            await _sut.Editor.SetGuildAsync(Manager, Guild, "model", "SMART", default),
            await _sut.Editor.SetGuildAsync(Manager, Guild, "channels", "<#10>, 11 <#10>", default),
            await _sut.Editor.SetGuildAsync(Manager, Guild, "ai-roles", "<@&20>", default),
            await _sut.Editor.SetGuildAsync(Manager, Guild, "cog", "messagehandler off", default),
            await _sut.Editor.SetGuildAsync(Manager, Guild, "user-quota", "1,000", default),
            await _sut.Editor.SetGuildAsync(Manager, Guild, "guild-quota", "0", default),
        ];

        EffectiveSettings applied = await _sut.Settings.GetAsync(Alice, Guild);
        Assert.That(replies, Has.All.StartWith("Done: "));
        Assert.That(replies[3], Is.EqualTo("Done: server setting `channels` is now <#10> <#11>."));
        Assert.That(replies[5], Is.EqualTo("Done: MessageHandler is now off in this server. Cogs turned off here: MessageHandler."), "the cog as it is spelled, not as typed");
        Assert.That((applied.SystemPrompt, applied.PersonaName, applied.Model), Is.EqualTo(("Be terse.", "Andy", "smart")));
        Assert.That(applied.AllowedChannelIds, Is.EqualTo(new[] { 10UL, 11UL }));
        Assert.That(applied.AiRoleIds, Is.EqualTo(new[] { 20UL }));
        Assert.That(_sut.Settings.IsEnabled("MessageHandler", Guild), Is.False);
        Assert.That(_sut.Settings.IsEnabled("Utility", Guild), Is.True);
        Assert.That(_sut.Settings.IsEnabled("MessageHandler", Guild + 1), Is.True);
        Assert.That((_sut.Settings.Guild(Guild).DailyUserTokens, _sut.Settings.Guild(Guild).DailyGuildTokens), Is.EqualTo(((long?)1000, (long?)0)));

        await _sut.Editor.SetGuildAsync(Manager, Guild, "prompt", "reset", default);
        await _sut.Editor.SetGuildAsync(Manager, Guild, "channels", "all", default);
        string on = await _sut.Editor.SetGuildAsync(Manager, Guild, "cog", "MessageHandler on", default);
        Assert.That(on, Is.EqualTo("Done: MessageHandler is now on in this server. Cogs turned off here: none."));
        Assert.That(_sut.Settings.Guild(Guild).SystemPrompt, Is.Null);
        Assert.That(_sut.Settings.Guild(Guild).AllowedChannelIds, Is.Empty);
        Assert.That(_sut.Settings.IsEnabled("MessageHandler", Guild), Is.True);
    }

    [TestCase("reset")]
    [TestCase("")]
    public async Task SetGuild_CogReset_TurnsEveryCogBackOn(string value)
    {
        await _sut.Editor.SetGuildAsync(Manager, Guild, "cog", "MessageHandler off", default);
        await _sut.Editor.SetGuildAsync(Manager, Guild, "cog", "Utility off", default);

        string reply = await _sut.Editor.SetGuildAsync(Manager, Guild, "cog", value, default);

        Assert.That(reply, Is.EqualTo("Done: every cog is on in this server again."));
        Assert.That(_sut.Settings.IsEnabled("MessageHandler", Guild) && _sut.Settings.IsEnabled("Utility", Guild), Is.True);
    }

    [Test]
    public async Task SetGuild_QuotaOfOneToken_IsSingular()
    {
        string reply = await _sut.Editor.SetGuildAsync(Manager, Guild, "user-quota", "1", default);

        Assert.That(reply, Is.EqualTo("Done: server setting `user-quota` is now 1 token a day."));
    }

    [TestCase("model", "nope", "There is no model `nope`. Models: default, smart.")]
    [TestCase("channels", "#general", "Give channels as mentions (#general) or ids, or `all`.")]
    [TestCase("channels", "<@&10>", "Give channels as mentions (#general) or ids, or `all`.")]
    [TestCase("ai-roles", "<#10>", "Give roles as mentions (@Members) or ids, or `everyone`.")]
    [TestCase("settings-roles", "<@&11> <#10>", "Give roles as mentions (@Mods) or ids, or `none` (Manage Server only).")]
    [TestCase("cog", "Host off", "There is no cog `Host` to switch. Cogs: MessageHandler, Utility.")]
    [TestCase("cog", "MessageHandler maybe", "Give a cog and on or off, e.g. `MessageHandler off`.")]
    [TestCase("user-quota", "lots", "Give the quota as a whole number of tokens per day (0 for no limit here), or `reset` for the bot's default.")]
    [TestCase("user-quota", "-5", "A quota cannot be negative: give 0 for no limit here, or `reset` for the bot's default.")]
    [TestCase("guild-quota", "99999999999999999999999", "That quota is too large: give 0 for no limit here, or `reset` for the bot's default.")]
    [TestCase("guild-quota", "1.5", "Give the quota as a whole number of tokens per day (0 for no limit here), or `reset` for the bot's default.")]
    [TestCase("colour", "blue", "There is no server setting `colour`. Settings: prompt, persona, model, channels, ai-roles, settings-roles, cog, user-quota, guild-quota.")]
    public async Task SetGuild_BadInput_SaysWhatWasExpected(string key, string value, string expected)
    {
        string reply = await _sut.Editor.SetGuildAsync(Manager, Guild, key, value, default);

        Assert.That(reply, Is.EqualTo(expected));
    }

    [Test]
    public async Task SetGuild_PromptTooLong_WritesTheNumbersAsMessageHandlerDoes()
    {
        string reply = await _sut.Editor.SetGuildAsync(Manager, Guild, "prompt", new string('x', 1600), default);

        Assert.That(reply, Is.EqualTo("The prompt is 1,600 characters long; at most 1,500 fit."));
        Assert.That(_sut.Settings.Guild(Guild).SystemPrompt, Is.Null);
    }

    [TestCase("channels", "123", "123 is not a channel of this server; nothing was changed.")]
    [TestCase("channels", "<#10> <#123>", "123 is not a channel of this server; nothing was changed.")]
    [TestCase("channels", "123, 11, 456", "123, 456 are not channels of this server; nothing was changed.")]
    [TestCase("ai-roles", "<@&123>", "123 is not a role of this server; nothing was changed.")]
    [TestCase("ai-roles", "10", "10 is not a role of this server; nothing was changed.")]
    [TestCase("settings-roles", "20 123", "123 is not a role of this server; nothing was changed.")]
    public async Task SetGuild_IdThatIsNotInTheServer_IsRefusedByName_AndNothingIsStored(string key, string value, string expected)
    {
        await _sut.Editor.SetGuildAsync(Manager, Guild, "channels", "<#12>", default);
        await _sut.Editor.SetGuildAsync(Manager, Guild, "ai-roles", "<@&77>", default);
        await _sut.Editor.SetGuildAsync(Manager, Guild, "settings-roles", "<@&77>", default);

        string reply = await _sut.Editor.SetGuildAsync(Manager, Guild, key, value, default);

        GuildSettingsDocument stored = _sut.Settings.Guild(Guild);
        Assert.That(reply, Is.EqualTo(expected));
        Assert.That((stored.AllowedChannelIds, stored.AiRoleIds, stored.SettingsRoleIds), Is.EqualTo((new[] { 12UL }, new[] { 77UL }, new[] { 77UL })),
            "the earlier settings stay");
    }

    [Test]
    public async Task SetGuild_ChannelsAndRolesOfTheServer_AreTaken_EveryoneRoleIncluded()
    {
        string channels = await _sut.Editor.SetGuildAsync(Manager, Guild, "channels", "<#10> 11", default);
        string roles = await _sut.Editor.SetGuildAsync(Manager, Guild, "ai-roles", $"<@&20> {Guild}", default);

        Assert.That(channels, Is.EqualTo("Done: server setting `channels` is now <#10> <#11>."));
        Assert.That(roles, Is.EqualTo($"Done: server setting `ai-roles` is now <@&20> <@&{Guild}>."));
    }

    [Test]
    public async Task SetGuild_InAServerTheBotHasNotLoaded_TakesTheIds_AndSaysTheyWereNotChecked()
    {
        const ulong unknown = Guild + 1;

        string channels = await _sut.Editor.SetGuildAsync(Manager, unknown, "channels", "123", default);
        string roles = await _sut.Editor.SetGuildAsync(Manager, unknown, "ai-roles", "<@&456>", default);
        string all = await _sut.Editor.SetGuildAsync(Manager, unknown, "channels", "all", default);

        Assert.That(channels, Is.EqualTo("Done: server setting `channels` is now <#123>. (Not checked: the bot has not loaded this server's channels yet, so make sure they are right.)"));
        Assert.That(roles, Is.EqualTo("Done: server setting `ai-roles` is now <@&456>. (Not checked: the bot has not loaded this server's roles yet, so make sure they are right.)"));
        Assert.That(all, Is.EqualTo("Done: server setting `channels` is now every channel."), "nothing to check");
        Assert.That(_sut.Settings.Guild(unknown).AiRoleIds, Is.EqualTo(new[] { 456UL }));
    }

    [Test]
    public async Task SetUser_IsTheUsersOwn_AndWinsOverTheGuild()
    {
        await _sut.Editor.SetGuildAsync(Manager, Guild, "model", "smart", default);

        string model = await _sut.Editor.SetUserAsync(Alice, "model", "default", default);
        string language = await _sut.Editor.SetUserAsync(Alice, "language", "Dutch", default);
        string persona = await _sut.Editor.SetUserAsync(Alice, "persona", "Be playful.", default);
        string tooLong = await _sut.Editor.SetUserAsync(Alice, "persona", new string('x', 301), default);

        EffectiveSettings alice = await _sut.Settings.GetAsync(Alice, Guild);
        EffectiveSettings bob = await _sut.Settings.GetAsync(Alice + 1, Guild);
        Assert.That(new[] { model, language, persona }, Has.All.StartWith("Done: your"));
        Assert.That(tooLong, Is.EqualTo("The persona line is 301 characters long; at most 300 fit."));
        Assert.That((alice.Model, alice.Language, alice.PersonaLine), Is.EqualTo(("default", "Dutch", "Be playful.")));
        Assert.That((bob.Model, bob.Language), Is.EqualTo(("smart", (string?)null)));
    }

    [Test]
    public async Task Settings_AreReadBackFromTheDatabase_ByAFreshService()
    {
        await _sut.Editor.SetGuildAsync(Manager, Guild, "persona", "Andy", default);
        await _sut.Editor.SetUserAsync(Alice, "language", "Dutch", default);

        var fresh = new BotSettingsService(_sut.Accounts, Microsoft.Extensions.Options.Options.Create(new SettingsOptions()),
            Microsoft.Extensions.Options.Options.Create(new AndyAI.Services.Llm.LlmOptions()), Microsoft.Extensions.Logging.Abstractions.NullLogger<BotSettingsService>.Instance);
        await fresh.RefreshAsync(default);
        EffectiveSettings applied = await fresh.GetAsync(Alice, Guild);

        Assert.That((applied.PersonaName, applied.Language), Is.EqualTo(("Andy", "Dutch")));
    }

    [Test]
    public async Task WhileTheDatabaseIsDown_ChangesSaySo_AndTheLastKnownSettingsStay()
    {
        await _sut.Editor.SetGuildAsync(Manager, Guild, "persona", "Andy", default);
        _sut.Access.MarkUnavailable(new InvalidOperationException("down for the test"));

        string reply = await _sut.Editor.SetGuildAsync(Manager, Guild, "persona", "Bob", default);
        await _sut.Settings.RefreshAsync(default);

        Assert.That(reply, Does.StartWith("The settings could not be saved"));
        Assert.That(_sut.Settings.Guild(Guild).PersonaName, Is.EqualTo("Andy"));
        Assert.That((await _sut.Settings.GetAsync(Alice, Guild)).PersonaName, Is.EqualTo("Andy"));
    }

    [Test]
    public async Task ExportAndDelete_CoverTheUsersSettingsAndUsage()
    {
        await _sut.Editor.SetUserAsync(Alice, "language", "Dutch", default);
        long today = AndyAI.Storage.Accounts.Accounts.DayOf(_sut.Time.GetUtcNow());
        await _sut.Accounts.AddUsageAsync(new AndyAI.Storage.Accounts.UsageRow(today, Alice, Guild, "gpt-4o-mini", 1, 10, 5), default);

        UserAccountData exported = await _sut.Settings.ExportAsync(Alice);
        int deleted = await _sut.Settings.DeleteAsync(Alice);

        Assert.That(exported.Settings.Language, Is.EqualTo("Dutch"));
        Assert.That(exported.Usage, Is.EqualTo(new[] { new UsageDay(new DateOnly(2026, 12, 1), Guild, "gpt-4o-mini", 1, 10, 5) }));
        Assert.That(deleted, Is.EqualTo(2));
        Assert.That(await _sut.Settings.ExportAsync(Alice), Is.EqualTo(new UserAccountData(EffectiveSettings.Default, [])).Using<UserAccountData>((a, b) =>
            a.Usage.Count == b.Usage.Count && a.Settings.Language == b.Settings.Language));
    }

    [Test]
    public async Task UserCache_KeepsRecentAskers_AndSweepsExpiredOnesPastItsThreshold()
    {
        for (ulong user = 1; user <= 10_000; user++)
        {
            await _sut.Settings.UserAsync(user, default);
        }

        _sut.Time.Advance(new SettingsOptions().RefreshInterval);
        await _sut.Settings.UserAsync(20_000, default);

        Assert.That(_sut.Settings.CachedUsers, Is.EqualTo(1));
    }
}
