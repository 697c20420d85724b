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
    private string? _databaseUrl;

    [OneTimeSetUp]
    public async Task StartBot()
    {
        var setup = new BotSetup();
        setup.Environment["Interactions__SyncDelay"] = "00:00:00.200";
        if (kind == DatabaseKind.PostgreSql)
        {
            _cluster = await PostgresCluster.StartAsync();
            _databaseUrl = _cluster.Url(await _cluster.CreateDatabaseAsync());
            setup.Environment["DATABASE_URL"] = _databaseUrl;
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
    public async Task InAThread_EveryonesExchangesAreTheConversation_ForMentionsAndAsk_AndNotOutsideIt()
    {
        ulong channel = _bot.NewChannel("memory-threads");
        ulong thread = _bot.Discord.CreateThread(channel, "monads, explained", _bot.Discord.AliceUserId);
        EmulatorMessage first = await _bot.PostAsync(_bot.Discord.AliceUserId, thread, $"{_bot.Mention} what is a functor?");
        await _bot.WaitForAnswerAsync(first.Id, "echo: what is a functor?");
        await WaitUntilStoredAsync(first.Id);
        EmulatorMessage second = await _bot.PostAsync(_bot.Discord.BobUserId, thread, $"{_bot.Mention} and an applicative?");
        await _bot.WaitForAnswerAsync(second.Id, "echo: and an applicative?");
        await WaitUntilStoredAsync(second.Id);
        await WaitUntilAsync(() => _bot.Discord.Requests.Any(r => r.Method == "PUT" && r.Route == "/applications/{application_id}/commands" && r.Body?.Contains("\"ask\"", StringComparison.Ordinal) == true));
        EmulatorInteraction ask = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.OwnerUserId, thread, "ask", new EmulatorCommandOption("prompt", "so which is a monad?"));
        await _bot.Discord.WaitForInteractionResponseAsync(r => r.InteractionId == ask.Id && r.ComponentCustomIds.Any(id => id.Contains(":regen:", StringComparison.Ordinal)), BotHarness.HangGuard);
        EmulatorMessage outside = await _bot.PostAsync(_bot.Discord.BobUserId, channel, $"{_bot.Mention} outside the thread now");
        await _bot.WaitForAnswerAsync(outside.Id, "echo: outside the thread now");

        Assert.Multiple(() =>
        {
            Assert.That(Conversation(LastRequestFor("and an applicative?")), Is.EqualTo(new[]
            {
                ("user", "what is a functor?"),
                ("assistant", "echo: what is a functor?"),
                ("user", "and an applicative?"),
            }), "Bob's question in the thread carries Alice's exchange there");
            Assert.That(Conversation(LastRequestFor("so which is a monad?")).Select(m => m.Content), Is.EqualTo(new[]
            {
                "what is a functor?", "echo: what is a functor?", "and an applicative?", "echo: and an applicative?", "so which is a monad?",
            }), "/ask in the thread too");
            Assert.That(Conversation(LastRequestFor("outside the thread now")), Is.EqualTo(new[] { ("user", "outside the thread now") }),
                "the parent channel is not the thread");
        });
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
        await WaitUntilStoredAsync(first.Id);

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
        await WaitUntilStoredAsync(first.Id);

        await WaitUntilAsync(() => _bot.Discord.Requests.Any(r => r.Method == "PUT" && r.Route == "/applications/{application_id}/commands" && r.Body?.Contains("\"forget\"", StringComparison.Ordinal) == true));
        EmulatorInteraction interaction = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.BobUserId, channel, "forget", new EmulatorCommandOption("where", "everywhere"));
        EmulatorInteractionResponse response = await _bot.Discord.WaitForInteractionResponseAsync(r => r.InteractionId == interaction.Id && r.Content is not null, BotHarness.HangGuard);

        Assert.That(response.Content, Does.StartWith("Done: I forgot our conversations everywhere"));
        Assert.That(response.IsEphemeral, Is.True);
    }

    [Test]
    public async Task MyDataExport_IsAJsonFileOfExactlyTheCallersTurns_AndDelete_LeavesNothingOfTheirs()
    {
        ulong channel = _bot.NewChannel("memory-mydata");
        ulong carol = _bot.Discord.CreateUser("carol-" + kind);
        _bot.Discord.AddMember(_bot.Discord.DefaultGuildId, carol);
        EmulatorMessage hers = await _bot.PostAsync(carol, channel, $"{_bot.Mention} carol's question");
        await _bot.WaitForAnswerAsync(hers.Id, "echo: carol's question");
        EmulatorMessage his = await _bot.PostAsync(_bot.Discord.BobUserId, channel, $"{_bot.Mention} bob's question");
        await _bot.WaitForAnswerAsync(his.Id, "echo: bob's question");
        await WaitUntilStoredAsync(hers.Id);
        await WaitUntilStoredAsync(his.Id);
        await WaitUntilAsync(() => _bot.Discord.Requests.Any(r => r.Method == "PUT" && r.Route == "/applications/{application_id}/commands" && r.Body?.Contains("\"mydata\"", StringComparison.Ordinal) == true));

        EmulatorInteraction export = await _bot.Discord.InvokeSlashCommandAsync(carol, channel, "mydata", new EmulatorCommandOption("export"));
        EmulatorInteractionResponse exported = await _bot.Discord.WaitForInteractionResponseAsync(r => r.InteractionId == export.Id && r.Content is not null, BotHarness.HangGuard);
        // The emulator logs a request once its handler returned, which is after the response it records: wait for the log.
        await WaitUntilAsync(() => _bot.Discord.Requests.Any(r => r.Path.Contains(export.Token, StringComparison.Ordinal) && r.Files.Count > 0));
        RecordedFile file = _bot.Discord.Requests.Where(r => r.Path.Contains(export.Token, StringComparison.Ordinal)).SelectMany(r => r.Files).Single();
        EmulatorInteraction delete = await _bot.Discord.InvokeSlashCommandAsync(carol, channel, "mydata", new EmulatorCommandOption("delete"));
        EmulatorInteractionResponse deleted = await _bot.Discord.WaitForInteractionResponseAsync(r => r.InteractionId == delete.Id && r.Content is not null, BotHarness.HangGuard);

        using var json = System.Text.Json.JsonDocument.Parse(file.Content);
        long carolsLeft = await CountTurnsOfAsync(carol);
        long bobsLeft = await CountTurnsOfAsync(_bot.Discord.BobUserId);
        Assert.Multiple(() =>
        {
            Assert.That(exported.IsEphemeral, Is.True);
            Assert.That((file.FieldName, file.FileName), Is.EqualTo(("files[0]", "andyai-mydata.json")));
            Assert.That(json.RootElement.GetProperty("userId").GetString(), Is.EqualTo(carol.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(json.RootElement.GetProperty("conversationTurns").EnumerateArray().Select(t => (t.GetProperty("question").GetString(), t.GetProperty("answer").GetString())),
                Is.EqualTo(new[] { ("carol's question", "echo: carol's question") }));
            Assert.That(deleted.Content, Is.EqualTo("Deleted 1 exchange. I store nothing about you now."));
            Assert.That(carolsLeft, Is.Zero);
            Assert.That(bobsLeft, Is.GreaterThan(0));
        });
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

    private Database OpenDatabase() => kind == DatabaseKind.Sqlite
        ? new SqliteDatabase(Path.Combine(_bot.Root, "data", "andyai.db"), TimeSpan.FromSeconds(5))
        : new PostgresDatabase(DatabaseUrl.Parse(_databaseUrl!));

    private async Task<long> CountTurnsOfAsync(ulong userId)
    {
        await using Database database = OpenDatabase();
        await using System.Data.Common.DbConnection connection = await database.OpenAsync(CancellationToken.None);
        using System.Data.Common.DbCommand count = Database.Command(connection, "SELECT COUNT(*) FROM conversation_turns WHERE user_id = @u;", null, ("u", (long)userId));
        return Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The cog records a turn just after posting its answer, so a user's next command can overtake it: waits until the
    /// question's turn is in the database (read directly, as an operator would).
    /// </summary>
    private async Task WaitUntilStoredAsync(ulong questionId)
    {
        await using Database database = OpenDatabase();
        DateTime deadline = DateTime.UtcNow + BotHarness.HangGuard;
        while (true)
        {
            await using (System.Data.Common.DbConnection connection = await database.OpenAsync(CancellationToken.None))
            using (System.Data.Common.DbCommand count = Database.Command(connection, "SELECT COUNT(*) FROM conversation_messages WHERE message_id = @m;", null, ("m", (long)questionId)))
            {
                if (Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0)
                {
                    return;
                }
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"the turn of {questionId} was not stored");
            await Task.Delay(20);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        DateTime deadline = DateTime.UtcNow + BotHarness.HangGuard;
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the slash command was not registered in time");
            await Task.Delay(50);
        }
    }

    private OpenAiFakeRequest LastRequestFor(string prompt) => _bot.Llm.Requests.Last(r => r.Chat?.LastUserMessage == prompt).Chat!;

    private static (string Role, string Content)[] Conversation(OpenAiFakeRequest request) =>
        [.. request.Messages.Where(m => m.Role != "system").Select(m => (m.Role, m.Content))];
}
