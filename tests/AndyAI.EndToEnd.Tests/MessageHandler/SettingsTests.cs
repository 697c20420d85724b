using AndyAI.Emulator;
using AndyAI.Emulator.OpenAi;
using AndyAI.EndToEnd.Tests.Harness;
using AndyAI.Storage;
using AndyAI.Storage.Tests;

namespace AndyAI.EndToEnd.Tests.MessageHandler;

/// <summary>
/// Settings, models, fallback, usage and quotas through the whole bot (issue 15): the host's commands, its checks,
/// MessageHandler's answers and the database (SQLite file, or PostgreSQL through DATABASE_URL).
/// </summary>
[TestFixture(DatabaseKind.Sqlite)]
[TestFixture(DatabaseKind.PostgreSql)]
internal sealed class SettingsTests(DatabaseKind kind)
{
    private PostgresCluster? _cluster;
    private OpenAiFakeServer _backup = null!;
    private BotHarness _bot = null!;
    private string? _databaseUrl;
    private ulong _otherGuild;
    private ulong _otherChannel;

    [OneTimeSetUp]
    public async Task StartBot()
    {
        _backup = await OpenAiFakeServer.StartAsync(new OpenAiFakeOptions { Models = { "backup-model" } });
        var setup = new BotSetup();
        setup.Environment["Interactions__SyncDelay"] = "00:00:00.200";
        setup.Environment["Llm__Models__backup__BaseUrl"] = _backup.BaseUrl.ToString();
        setup.Environment["Llm__Models__backup__Model"] = "backup-model";
        setup.Environment["Llm__FallbackModel"] = "backup";
        setup.ConfigureWorld = discord =>
        {
            // A second server, so turning MessageHandler off there leaves the markers (in the default one) answered.
            _otherGuild = discord.CreateGuild("Second Guild", discord.OwnerUserId);
            _otherChannel = discord.CreateTextChannel(_otherGuild, "elsewhere");
            discord.AddMember(_otherGuild, discord.AliceUserId);
        };
        if (kind == DatabaseKind.PostgreSql)
        {
            _cluster = await PostgresCluster.StartAsync();
            _databaseUrl = _cluster.Url(await _cluster.CreateDatabaseAsync());
            setup.Environment["DATABASE_URL"] = _databaseUrl;
        }

        _bot = await BotHarness.StartAsync(setup);
        await WaitUntilAsync(() => _bot.Discord.Requests.Any(r => r.Method == "PUT" && r.Route == "/applications/{application_id}/commands"
            && r.Body?.Contains("\"settings\"", StringComparison.Ordinal) == true && r.Body.Contains("\"ask\"", StringComparison.Ordinal)));
    }

    [OneTimeTearDown]
    public async Task StopBot()
    {
        await _bot.DisposeAsync();
        await _backup.DisposeAsync();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Test]
    public async Task GuildWithMessageHandlerTurnedOff_GetsNoAnswers_NorSlashCommands()
    {
        ulong owner = _bot.Discord.OwnerUserId;
        string off = await _bot.CommandAsync(owner, _otherChannel, "!settings guild cog MessageHandler off");

        EmulatorMessage question = await _bot.PostAsync(_bot.Discord.AliceUserId, _otherChannel, $"{_bot.Mention} anyone there?");
        EmulatorInteraction ask = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.AliceUserId, _otherChannel, "ask", new EmulatorCommandOption("prompt", "hello?"));
        EmulatorInteractionResponse refused = await _bot.Discord.WaitForInteractionResponseAsync(r => r.InteractionId == ask.Id && r.Content is not null, BotHarness.HangGuard);
        EmulatorInteraction help = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.AliceUserId, _otherChannel, "help");
        EmulatorInteractionResponse helped = await _bot.Discord.WaitForInteractionResponseAsync(r => r.InteractionId == help.Id && r.Content is not null, BotHarness.HangGuard);
        IReadOnlyList<EmulatorMessage> sent = await _bot.SentToChannelAfterMarkersAsync(_otherChannel);

        Assert.That(off, Is.EqualTo("Done: MessageHandler is now off in this server. Cogs turned off here: MessageHandler."));
        Assert.That(helped.Content, Does.Contain("`/help`").And.Not.Contain("`/ask").And.Not.Contain("`/mydata"), "/help leaves out the commands of a cog turned off here");
        Assert.That(sent.Where(m => m.ReferencedMessageId == question.Id), Is.Empty, "no answer in a guild that turned MessageHandler off");
        Assert.That(refused.Content, Is.EqualTo("`/ask` is turned off in this server."));
        Assert.That(_bot.Llm.Requests.Any(r => r.Chat?.LastUserMessage == "anyone there?"), Is.False);
    }

    [Test]
    public async Task RoleWithoutAccess_GetsARefusal_TheAllowedRoleAnAnswer()
    {
        ulong channel = _bot.NewChannel("settings-roles");
        ulong owner = _bot.Discord.OwnerUserId; // a member of the Moderators role, and the server's owner
        EmulatorInteraction set = await _bot.Discord.InvokeSlashCommandAsync(owner, channel, "settings",
            new EmulatorCommandOption("guild") { Options = [new EmulatorCommandOption("key", "ai-roles"), new EmulatorCommandOption("value", $"<@&{_bot.Discord.ModeratorRoleId}>")] });
        EmulatorInteractionResponse setReply = await _bot.Discord.WaitForInteractionResponseAsync(r => r.InteractionId == set.Id && r.Content is not null, BotHarness.HangGuard);
        try
        {
            EmulatorMessage alice = await _bot.PostAsync(_bot.Discord.AliceUserId, channel, $"{_bot.Mention} may I ask?");
            EmulatorMessage refusal = await _bot.WaitForReplyAsync(alice.Id);
            EmulatorMessage mod = await _bot.PostAsync(owner, channel, $"{_bot.Mention} moderators may");
            await _bot.WaitForAnswerAsync(mod.Id, "echo: moderators may");

            Assert.That(setReply.Content, Is.EqualTo($"Done: server setting `ai-roles` is now <@&{_bot.Discord.ModeratorRoleId}>."));
            Assert.That(setReply.IsEphemeral, Is.True);
            Assert.That(refusal.Content, Is.EqualTo("Sorry, the AI is for members with certain roles in this server, and you have none of them."));
            Assert.That(_bot.Llm.Requests.Any(r => r.Chat?.LastUserMessage == "may I ask?"), Is.False);
        }
        finally
        {
            await _bot.CommandAsync(owner, channel, "!settings guild ai-roles everyone");
        }
    }

    [Test]
    public async Task ChannelOrRoleNotInTheServer_IsRefusedByName_AChannelCreatedSinceTheStartIsTaken()
    {
        ulong channel = _bot.NewChannel("settings-ids"); // after the bot connected: known from CHANNEL_CREATE only
        ulong owner = _bot.Discord.OwnerUserId;
        try
        {
            string unknown = await _bot.CommandAsync(owner, channel, "!settings guild channels 123");
            string elsewhere = await _bot.CommandAsync(owner, channel, $"!settings guild channels <#{_otherChannel}>");
            EmulatorInteraction set = await _bot.Discord.InvokeSlashCommandAsync(owner, channel, "settings",
                new EmulatorCommandOption("guild") { Options = [new EmulatorCommandOption("key", "ai-roles"), new EmulatorCommandOption("value", "456")] });
            EmulatorInteractionResponse role = await _bot.Discord.WaitForInteractionResponseAsync(r => r.InteractionId == set.Id && r.Content is not null, BotHarness.HangGuard);
            string shown = await _bot.CommandAsync(owner, channel, "!settings");
            string taken = await _bot.CommandAsync(owner, channel, $"!settings guild channels <#{channel}>");

            Assert.That(unknown, Is.EqualTo("123 is not a channel of this server; nothing was changed."));
            Assert.That(elsewhere, Is.EqualTo($"{_otherChannel} is not a channel of this server; nothing was changed."), "another server's channel");
            Assert.That(role.Content, Is.EqualTo("456 is not a role of this server; nothing was changed."));
            Assert.That(shown, Does.Contain("channels: every channel").And.Contain("ai-roles: everyone"), "nothing was stored");
            Assert.That(taken, Is.EqualTo($"Done: server setting `channels` is now <#{channel}>."));
        }
        finally
        {
            await _bot.CommandAsync(owner, channel, "!settings guild channels all");
        }
    }

    [Test]
    public async Task MemberWithoutManageServer_CannotChangeTheGuildsSettings_ButTheirOwn()
    {
        ulong channel = _bot.NewChannel("settings-refused");

        string refused = await _bot.CommandAsync(_bot.Discord.BobUserId, channel, "!settings guild prompt You are a cat.");
        string own = await _bot.CommandAsync(_bot.Discord.BobUserId, channel, "!settings me language Italian");
        EmulatorMessage question = await _bot.PostAsync(_bot.Discord.BobUserId, channel, $"{_bot.Mention} ciao");
        await _bot.WaitForAnswerAsync(question.Id, "echo: ciao");
        string reset = await _bot.CommandAsync(_bot.Discord.BobUserId, channel, "!settings me language reset");

        Assert.That(refused, Is.EqualTo("You may not change this server's settings: that takes Manage Server or one of its settings roles."));
        Assert.That(own, Is.EqualTo("Done: your `language` is now `Italian`."));
        Assert.That(reset, Is.EqualTo("Done: your `language` is now any."));
        OpenAiFakeMessage system = _bot.Llm.Requests.Last(r => r.Chat?.LastUserMessage == "ciao").Chat!.Messages[0];
        Assert.That((system.Role, system.Content), Is.EqualTo(("system", "You are AndyAI under test.\nAnswer in Italian unless asked otherwise.")));
    }

    [Test]
    public async Task OverTheDailyQuota_AFriendlyMessageWithTheResetTime_PrivateForAsk_OwnersExempt_AndUsageIsRecorded()
    {
        ulong channel = _bot.NewChannel("settings-quota");
        ulong owner = _bot.Discord.OwnerUserId;
        ulong carol = _bot.Discord.CreateUser("carol");
        _bot.Discord.AddMember(_bot.Discord.DefaultGuildId, carol);
        string set = await _bot.CommandAsync(owner, channel, "!settings guild user-quota 10");
        try
        {
            EmulatorMessage first = await _bot.PostAsync(carol, channel, $"{_bot.Mention} tell me a long story please");
            await _bot.WaitForAnswerAsync(first.Id, "echo: tell me a long story please");
            EmulatorMessage second = await _bot.PostAsync(carol, channel, $"{_bot.Mention} and another one");
            EmulatorMessage refused = await _bot.WaitForReplyAsync(second.Id);
            // /ask is refused to the asker alone, before any public "thinking…".
            EmulatorInteraction ask = await _bot.Discord.InvokeSlashCommandAsync(carol, channel, "ask", new EmulatorCommandOption("prompt", "a third one by slash"));
            EmulatorInteractionResponse askRefused = await _bot.Discord.WaitForInteractionResponseAsync(r => r.InteractionId == ask.Id, BotHarness.HangGuard);
            EmulatorMessage byOwner = await _bot.PostAsync(owner, channel, $"{_bot.Mention} owners are exempt");
            await _bot.WaitForAnswerAsync(byOwner.Id, "echo: owners are exempt");

            long resets = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1), TimeSpan.Zero).ToUnixTimeSeconds();
            Assert.That(set, Is.EqualTo("Done: server setting `user-quota` is now 10 tokens a day."));
            Assert.That(refused.Content, Is.EqualTo($"Today's AI allowance is used up (your own, or this server's). It resets <t:{resets}:R> (<t:{resets}:t>)."));
            Assert.That(_bot.Llm.Requests.Any(r => r.Chat?.LastUserMessage == "and another one"), Is.False, "the model was not asked");
            Assert.That((askRefused.Type, askRefused.IsEphemeral, askRefused.Content), Is.EqualTo(((int?)4, true, (string?)refused.Content)));
            Assert.That(_bot.Discord.InteractionResponses.Count(r => r.InteractionId == ask.Id), Is.EqualTo(1), "no deferral, no edit: only the private refusal");
            Assert.That(_bot.Llm.Requests.Any(r => r.Chat?.LastUserMessage == "a third one by slash"), Is.False);
            (string Model, long Requests, long Prompt, long Completion)[] usage = await UsageOfAsync(carol, expectRows: 1);
            Assert.That(usage.Single().Model, Is.EqualTo("gpt-4o-mini"));
            Assert.That(usage.Single().Requests, Is.EqualTo(1));
            Assert.That(usage.Single().Completion, Is.EqualTo(7), "the fake counts words: 'echo: tell me a long story please'");
            Assert.That(usage.Single().Prompt, Is.GreaterThan(0));
        }
        finally
        {
            await _bot.CommandAsync(owner, channel, "!settings guild user-quota reset");
        }
    }

    [Test]
    public async Task OverTheDailyQuota_RegenerateIsRefusedPrivately_AndTheAnswerStays()
    {
        ulong channel = _bot.NewChannel("settings-quota-regen");
        ulong owner = _bot.Discord.OwnerUserId;
        ulong dave = _bot.Discord.CreateUser("dave");
        _bot.Discord.AddMember(_bot.Discord.DefaultGuildId, dave);
        await _bot.CommandAsync(owner, channel, "!settings guild user-quota 10");
        try
        {
            EmulatorInteraction ask = await _bot.Discord.InvokeSlashCommandAsync(dave, channel, "ask", new EmulatorCommandOption("prompt", "tell me a long story by slash"));
            EmulatorInteractionResponse answered = await _bot.Discord.WaitForInteractionResponseAsync(
                r => r.InteractionId == ask.Id && r.MessageId is not null && r.ComponentCustomIds.Any(id => id.Contains(":regen:", StringComparison.Ordinal)), BotHarness.HangGuard);
            EmulatorMessage answer = _bot.Discord.FindMessage(answered.MessageId!.Value)!;
            string shown = answer.Content;
            int calls = _bot.Llm.ChatRequestCount;

            EmulatorInteraction press = await _bot.Discord.ClickButtonAsync(dave, answer.Id, answer.ComponentCustomIds.Single());
            EmulatorInteractionResponse refused = await _bot.Discord.WaitForInteractionResponseAsync(r => r.InteractionId == press.Id, BotHarness.HangGuard);

            Assert.That(shown, Is.EqualTo("echo: tell me a long story by slash"));
            Assert.That((refused.Type, refused.IsEphemeral), Is.EqualTo(((int?)4, true)));
            Assert.That(refused.Content, Does.StartWith("Today's AI allowance is used up (your own, or this server's)."));
            Assert.That(_bot.Discord.FindMessage(answer.Id)!.Content, Is.EqualTo(shown), "the answer on the message is not replaced by the refusal");
            Assert.That(_bot.Llm.ChatRequestCount, Is.EqualTo(calls), "the model was not asked");
        }
        finally
        {
            await _bot.CommandAsync(owner, channel, "!settings guild user-quota reset");
        }
    }

    [Test]
    public async Task ChosenModelFails_TheFallbackAnswers_AndTheAnswerSaysSo()
    {
        ulong channel = _bot.NewChannel("settings-fallback");
        _bot.Llm.FailNext(OpenAiFault.ServiceUnavailable);

        EmulatorMessage question = await _bot.PostAsync(_bot.Discord.AliceUserId, channel, $"{_bot.Mention} are you there?");
        await _bot.WaitForAnswerAsync(question.Id, "echo: are you there?\n\n-# Answered by the fallback model (backup): the usual one is unavailable right now.");

        Assert.That(_backup.Requests.Single(r => r.Chat?.LastUserMessage == "are you there?").Chat!.Model, Is.EqualTo("backup-model"));
    }

    [Test]
    public async Task SlashModel_SuggestsTheModels_AndThePickedOneAnswersTheUser()
    {
        ulong channel = _bot.NewChannel("settings-model");
        ulong bob = _bot.Discord.BobUserId;

        EmulatorInteraction typing = await _bot.Discord.TypeForAutocompleteAsync(bob, channel, "model", new EmulatorCommandOption("name", "back") { Focused = true });
        EmulatorInteractionResponse suggestions = await _bot.Discord.WaitForInteractionResponseAsync(r => r.InteractionId == typing.Id, BotHarness.HangGuard);
        EmulatorInteraction pick = await _bot.Discord.InvokeSlashCommandAsync(bob, channel, "model", new EmulatorCommandOption("name", "backup"));
        EmulatorInteractionResponse picked = await _bot.Discord.WaitForInteractionResponseAsync(r => r.InteractionId == pick.Id && r.Content is not null, BotHarness.HangGuard);
        try
        {
            EmulatorMessage question = await _bot.PostAsync(bob, channel, $"{_bot.Mention} which model are you?");
            await _bot.WaitForAnswerAsync(question.Id, "echo: which model are you?");

            Assert.That(suggestions.ChoiceNames, Is.EqualTo(new[] { "backup-model (backup)" }));
            Assert.That(picked.Content, Is.EqualTo("Done: your `model` is now `backup`."));
            Assert.That(_backup.Requests.Any(r => r.Chat?.LastUserMessage == "which model are you?"), Is.True, "the user's model answered");
            Assert.That(_bot.Llm.Requests.Any(r => r.Chat?.LastUserMessage == "which model are you?"), Is.False);
        }
        finally
        {
            await _bot.CommandAsync(bob, channel, "!settings me model reset");
        }
    }

    [Test]
    public async Task GuildSettings_SurviveARestart()
    {
        ulong channel = _bot.NewChannel("settings-restart");
        ulong owner = _bot.Discord.OwnerUserId;
        string set = await _bot.CommandAsync(owner, channel, "!settings guild persona Andy the Helper");
        try
        {
            await _bot.RestartAsync();
            EmulatorMessage question = await _bot.PostAsync(_bot.Discord.AliceUserId, channel, $"{_bot.Mention} who are you?");
            await _bot.WaitForAnswerAsync(question.Id, "echo: who are you?");

            Assert.That(set, Is.EqualTo("Done: server setting `persona` is now `Andy the Helper`."));
            Assert.That(_bot.Llm.Requests.Last(r => r.Chat?.LastUserMessage == "who are you?").Chat!.Messages[0].Content,
                Is.EqualTo("You are AndyAI under test.\nYour name here is Andy the Helper."));
        }
        finally
        {
            await _bot.CommandAsync(owner, channel, "!settings guild persona reset");
        }
    }

    private Database OpenDatabase() => kind == DatabaseKind.Sqlite
        ? new SqliteDatabase(Path.Combine(_bot.Root, "data", "andyai.db"), TimeSpan.FromSeconds(5))
        : new PostgresDatabase(DatabaseUrl.Parse(_databaseUrl!));

    /// <summary>The user's usage rows, read directly as an operator would, once the background writer has written <paramref name="expectRows"/>.</summary>
    private async Task<(string Model, long Requests, long Prompt, long Completion)[]> UsageOfAsync(ulong userId, int expectRows)
    {
        await using Database database = OpenDatabase();
        DateTime deadline = DateTime.UtcNow + BotHarness.HangGuard;
        while (true)
        {
            var rows = new List<(string, long, long, long)>();
            await using (System.Data.Common.DbConnection connection = await database.OpenAsync(CancellationToken.None))
            using (System.Data.Common.DbCommand select = Database.Command(connection,
                "SELECT model, requests, prompt_tokens, completion_tokens FROM llm_usage WHERE user_id = @u ORDER BY model;", null, ("u", (long)userId)))
            await using (System.Data.Common.DbDataReader reader = await select.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
                }
            }

            if (rows.Count >= expectRows)
            {
                return [.. rows];
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"the usage of {userId} was not recorded");
            await Task.Delay(20);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        DateTime deadline = DateTime.UtcNow + BotHarness.HangGuard;
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the slash commands were not registered in time");
            await Task.Delay(50);
        }
    }
}
