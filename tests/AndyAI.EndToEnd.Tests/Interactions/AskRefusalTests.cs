using System.Globalization;
using AndyAI.Emulator;
using AndyAI.EndToEnd.Tests.Harness;

namespace AndyAI.EndToEnd.Tests.Interactions;

/// <summary>
/// <c>/ask</c> refuses as a mention does, with the same limits from plugins.json: over the user's or the guild's token
/// bucket, and in a channel the cog does not answer in. An interaction must be answered, so each refusal is a private
/// reply (never silence, never a public message) and the model is not asked.
/// </summary>
[TestFixture]
internal sealed class AskRefusalTests
{
    private BotHarness _bot = null!;
    private ulong _answered;
    private ulong _notAnswered;
    private ulong _busyGuild;
    private ulong _busyGuildChannel;
    private ulong _threadGuild;
    private ulong _threadParent;
    private ulong _threadElsewhere;

    [OneTimeSetUp]
    public async Task StartBot()
    {
        var setup = new BotSetup();
        setup.ConfigureWorld = discord =>
        {
            _answered = discord.CreateTextChannel(discord.DefaultGuildId, "ask-here");
            _notAnswered = discord.CreateTextChannel(discord.DefaultGuildId, "not-here");
            _busyGuild = discord.CreateGuild("Busy Guild");
            _busyGuildChannel = discord.CreateTextChannel(_busyGuild, "busy");
            // Threads get a guild (and so a guild bucket) of their own: the other tests count the default guild's.
            _threadGuild = discord.CreateGuild("Thread Guild");
            _threadParent = discord.CreateTextChannel(_threadGuild, "help");
            _threadElsewhere = discord.CreateTextChannel(_threadGuild, "off-topic");
            setup.Settings["MessageHandler"] = BotSetup.MessageHandlerSettings(
                string.Create(CultureInfo.InvariantCulture, $"\"allowedChannelIds\": [\"{_answered}\", \"{_busyGuildChannel}\", \"{_threadParent}\"]"),
                streaming: false,
                userRateLimit: """{ "capacity": 2, "tokensPerPeriod": 1, "periodSeconds": 600 }""",
                guildRateLimit: """{ "capacity": 3, "tokensPerPeriod": 1, "periodSeconds": 600 }""");
        };
        setup.Environment["Interactions__SyncDelay"] = "00:00:00.200";
        _bot = await BotHarness.StartAsync(setup);
        // Slash commands exist once the host has written them to Discord.
        DateTime deadline = DateTime.UtcNow + BotHarness.HangGuard;
        while (_bot.Discord.Requests.LastOrDefault(r => r.Method == "PUT" && r.Route == "/applications/{application_id}/commands") is not { } put
            || put.Body?.Contains("\"ask\"", StringComparison.Ordinal) != true)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the command set written to Discord never had /ask");
            await Task.Delay(50);
        }
    }

    [OneTimeTearDown]
    public async Task StopBot() => await _bot.DisposeAsync();

    [Test]
    public async Task UserOverTheirLimit_GetsAPrivateCooldown_AndTheModelIsNotAsked()
    {
        ulong user = _bot.Discord.CreateUser("eager-asker");
        _bot.Discord.AddMember(_bot.Discord.DefaultGuildId, user);
        int before = _bot.Llm.ChatRequestCount;

        EmulatorInteractionResponse[] answers = new EmulatorInteractionResponse[3];
        for (int i = 0; i < answers.Length; i++)
        {
            answers[i] = await AskAsync(user, _answered, $"eager question {i}");
        }

        await _bot.Llm.WaitForChatRequestsAsync(before + 2);
        Assert.Multiple(() =>
        {
            Assert.That(answers.Take(2).Select(a => (a.Type, a.IsEphemeral)), Is.All.EqualTo(((int?)5, false)), "the bucket holds two: deferred, public");
            Assert.That(answers[2].Type, Is.EqualTo(4), "the third is answered at once");
            Assert.That(answers[2].IsEphemeral, Is.True, "privately");
            Assert.That(answers[2].Content, Does.Match(@"^You're asking too quickly\. Please try again in \d+ (s|min)"));
            Assert.That(_bot.Llm.Requests.Count(r => r.Chat?.LastUserMessage.Contains("eager question 2", StringComparison.Ordinal) == true), Is.Zero, "never reached the model");
        });
    }

    [Test]
    public async Task GuildOverItsLimit_GetsAPrivateServerCooldown()
    {
        ulong guild = _busyGuild;
        ulong[] users = [.. Enumerable.Range(0, 4).Select(i => _bot.Discord.CreateUser($"busy-member{i}"))];
        foreach (ulong user in users)
        {
            _bot.Discord.AddMember(guild, user);
        }

        // Four users, each well within their own bucket, against a guild bucket of three.
        EmulatorInteractionResponse[] answers = new EmulatorInteractionResponse[users.Length];
        for (int i = 0; i < users.Length; i++)
        {
            answers[i] = await AskAsync(users[i], _busyGuildChannel, $"busy question {i}");
        }

        Assert.That(answers.Take(3).Select(a => a.Type), Is.All.EqualTo(5));
        Assert.That((answers[3].Type, answers[3].IsEphemeral), Is.EqualTo(((int?)4, true)));
        Assert.That(answers[3].Content, Does.StartWith("This server is asking a lot right now. Please try again in"));
    }

    [Test]
    public async Task InAChannelTheCogDoesNotAnswerIn_IsRefusedPrivately()
    {
        int before = _bot.Llm.ChatRequestCount;

        EmulatorInteractionResponse answer = await AskAsync(_bot.Discord.BobUserId, _notAnswered, "anyone here?");
        EmulatorInteractionResponse allowed = await AskAsync(_bot.Discord.BobUserId, _answered, "and here?");
        await _bot.Llm.WaitForChatRequestsAsync(before + 1);

        Assert.That((answer.Type, answer.IsEphemeral, answer.Content), Is.EqualTo(((int?)4, true, "I don't answer questions here.")));
        Assert.That(allowed.Type, Is.EqualTo(5), "the same user is answered in an allowed channel");
        Assert.That(_bot.Llm.Requests.Count(r => r.Chat?.LastUserMessage.Contains("anyone here?", StringComparison.Ordinal) == true), Is.Zero);
    }

    [Test]
    public async Task InAThreadOfTheAllowedChannel_IsAnswered_ForAskAndMentions()
    {
        ulong user = _bot.Discord.CreateUser("thread-asker");
        _bot.Discord.AddMember(_threadGuild, user);
        ulong thread = _bot.Discord.CreateThread(_threadParent, "a thread of an allowed channel", user);
        ulong elsewhere = _bot.Discord.CreateThread(_threadElsewhere, "a thread elsewhere", user);

        EmulatorInteractionResponse inThread = await AskAsync(user, thread, "asked in the thread");
        EmulatorInteractionResponse inOtherThread = await AskAsync(user, elsewhere, "asked in the other thread");
        EmulatorMessage mention = await _bot.PostAsync(user, thread, $"{_bot.Mention} mentioned in the thread");
        await _bot.WaitForAnswerAsync(mention.Id, "echo: mentioned in the thread");

        Assert.That(inThread.Type, Is.EqualTo(5), "deferred: answered");
        Assert.That((inOtherThread.Type, inOtherThread.Content), Is.EqualTo(((int?)4, "I don't answer questions here.")));
    }

    /// <summary>Invokes <c>/ask</c> and returns the first answer to it (the callback: deferred, or a refusal).</summary>
    private async Task<EmulatorInteractionResponse> AskAsync(ulong userId, ulong channelId, string prompt)
    {
        EmulatorInteraction ask = await _bot.Discord.InvokeSlashCommandAsync(userId, channelId, "ask", new EmulatorCommandOption("prompt", prompt));
        return await _bot.Discord.WaitForInteractionResponseAsync(r => r.InteractionId == ask.Id && r.Kind == EmulatorInteractionResponseKind.Callback, BotHarness.HangGuard);
    }
}
