using AndyAI.Emulator;
using AndyAI.Emulator.OpenAi;
using AndyAI.EndToEnd.Tests.Harness;
using AndyAI.Storage;
using AndyAI.Storage.Tests;

namespace AndyAI.EndToEnd.Tests.MessageHandler;

/// <summary>
/// Conversation memory through the whole bot: the host's database (the SQLite file in the data folder, or a real
/// PostgreSQL server through DATABASE_URL), MessageHandler's answers, and a restart of the bot process in between.
/// </summary>
[TestFixture(DatabaseKind.Sqlite)]
[TestFixture(DatabaseKind.PostgreSql)]
internal sealed class ConversationMemoryTests(DatabaseKind kind)
{
    private PostgresCluster? _cluster;
    private BotHarness _bot = null!;

    [OneTimeSetUp]
    public async Task StartBot()
    {
        var setup = new BotSetup();
        setup.Environment["Interactions__SyncDelay"] = "00:00:00.200";
        if (kind == DatabaseKind.PostgreSql)
        {
            _cluster = await PostgresCluster.StartAsync();
            setup.Environment["DATABASE_URL"] = _cluster.Url(await _cluster.CreateDatabaseAsync());
        }

        _bot = await BotHarness.StartAsync(setup);
    }

    [OneTimeTearDown]
    public async Task StopBot()
    {
        await _bot.DisposeAsync();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Test]
    public async Task Restart_BetweenTwoMentions_TheSecondRequestCarriesTheFirstExchange()
    {
        ulong channel = _bot.NewChannel("memory-restart");
        EmulatorMessage first = await _bot.PostAsync(_bot.Discord.AliceUserId, channel, $"{_bot.Mention} what is a monad?");
        await _bot.WaitForAnswerAsync(first.Id, "echo: what is a monad?");

        await _bot.RestartAsync();
        EmulatorMessage second = await _bot.PostAsync(_bot.Discord.AliceUserId, channel, $"{_bot.Mention} simpler please");
        await _bot.WaitForAnswerAsync(second.Id, "echo: simpler please");

        Assert.That(Conversation(LastRequestFor("simpler please")), Is.EqualTo(new[]
        {
            ("user", "what is a monad?"),
            ("assistant", "echo: what is a monad?"),
            ("user", "simpler please"),
        }));
    }

    [Test]
    public async Task ReplyToAnAnswerFromBeforeTheRestart_GetsItsChain_FromMemory()
    {
        ulong channel = _bot.NewChannel("memory-reply");
        EmulatorMessage question = await _bot.PostAsync(_bot.Discord.AliceUserId, channel, $"{_bot.Mention} name a prime");
        IReadOnlyList<EmulatorMessage> answer = await _bot.WaitForAnswerAsync(question.Id, "echo: name a prime");

        await _bot.RestartAsync();
        EmulatorMessage reply = await _bot.PostAsync(_bot.Discord.BobUserId, channel, $"{_bot.Mention} and the next one?", replyTo: answer[0].Id);
        await _bot.WaitForAnswerAsync(reply.Id, "echo: and the next one?");

        Assert.That(Conversation(LastRequestFor("and the next one?")), Is.EqualTo(new[]
        {
            ("user", "name a prime"),
            ("assistant", "echo: name a prime"),
            ("user", "and the next one?"),
        }));
        Assert.That(_bot.Discord.Requests.Any(r => r.Method == "GET" && r.Path.EndsWith($"/messages/{answer[0].Id}", StringComparison.Ordinal)), Is.False,
            "the chain came from memory, not from Discord");
    }

    [Test]
    public async Task Forget_MakesTheNextRequestStartFresh()
    {
        ulong channel = _bot.NewChannel("memory-forget");
        EmulatorMessage first = await _bot.PostAsync(_bot.Discord.AliceUserId, channel, $"{_bot.Mention} my secret is 42");
        await _bot.WaitForAnswerAsync(first.Id, "echo: my secret is 42");

        string forgot = await _bot.CommandAsync(_bot.Discord.AliceUserId, channel, "!forget");
        EmulatorMessage second = await _bot.PostAsync(_bot.Discord.AliceUserId, channel, $"{_bot.Mention} what is my secret?");
        await _bot.WaitForAnswerAsync(second.Id, "echo: what is my secret?");

        Assert.That(forgot, Does.StartWith("Done: I forgot our conversation in this channel (1 exchange)"));
        Assert.That(Conversation(LastRequestFor("what is my secret?")), Is.EqualTo(new[] { ("user", "what is my secret?") }));
    }

    [Test]
    public async Task SlashForget_Everywhere_AnswersPrivately()
    {
        ulong channel = _bot.NewChannel("memory-slash-forget");
        EmulatorMessage first = await _bot.PostAsync(_bot.Discord.BobUserId, channel, $"{_bot.Mention} remember me");
        await _bot.WaitForAnswerAsync(first.Id, "echo: remember me");

        await WaitUntilAsync(() => _bot.Discord.Requests.Any(r => r.Method == "PUT" && r.Route == "/applications/{application_id}/commands" && r.Body?.Contains("\"forget\"", StringComparison.Ordinal) == true));
        EmulatorInteraction interaction = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.BobUserId, channel, "forget", new EmulatorCommandOption("where", "everywhere"));
        EmulatorInteractionResponse response = await _bot.Discord.WaitForInteractionResponseAsync(r => r.InteractionId == interaction.Id && r.Content is not null, BotHarness.HangGuard);

        Assert.That(response.Content, Does.StartWith("Done: I forgot our conversation anywhere"));
        Assert.That(response.IsEphemeral, Is.True);
    }

    [Test]
    public async Task TheDatabase_IsWhereItShouldBe_AndItsPasswordNeverReachesTheLog()
    {
        EmulatorMessage question = await _bot.PostAsync(_bot.Discord.AliceUserId, _bot.NewChannel("memory-db"), $"{_bot.Mention} hello database");
        await _bot.WaitForAnswerAsync(question.Id, "echo: hello database");

        string opened = await _bot.WaitForLogLineAsync(l => l.Contains("Storage: ", StringComparison.Ordinal) && l.Contains("schema version", StringComparison.Ordinal));
        if (kind == DatabaseKind.Sqlite)
        {
            Assert.That(opened, Does.Contain(Path.Combine(_bot.Root, "data", "andyai.db")));
        }
        else
        {
            Assert.That(opened, Does.Contain($"PostgreSQL {PostgresCluster.User}@127.0.0.1:{_cluster!.Port}/"));
            Assert.That(await File.ReadAllTextAsync(_bot.LogFile), Does.Not.Contain(PostgresCluster.Password));
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        DateTime deadline = DateTime.UtcNow + BotHarness.HangGuard;
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "/forget was not registered in time");
            await Task.Delay(50);
        }
    }

    private OpenAiFakeRequest LastRequestFor(string prompt) => _bot.Llm.Requests.Last(r => r.Chat?.LastUserMessage == prompt).Chat!;

    private static (string Role, string Content)[] Conversation(OpenAiFakeRequest request) =>
        [.. request.Messages.Where(m => m.Role != "system").Select(m => (m.Role, m.Content))];
}
