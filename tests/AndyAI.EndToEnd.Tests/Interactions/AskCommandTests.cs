using AndyAI.Emulator;
using AndyAI.EndToEnd.Tests.Harness;
using AndyAI.EndToEnd.Tests.MessageHandler;
using AndyAI.Storage;

namespace AndyAI.EndToEnd.Tests.Interactions;

/// <summary>
/// <c>/ask</c> through the emulator with the real MessageHandler cog: the deferred answer edited into the original
/// response, follow-ups past 2000 characters, the modal for long questions, private answers, and the buttons under
/// an answer (Regenerate, Continue, Stop) with their asker-only rule.
/// </summary>
[TestFixture]
internal sealed class AskCommandTests
{
    private const int MaxOutputTokens = 1000;

    private BotHarness _bot = null!;
    private ulong _channel;

    [OneTimeSetUp]
    public async Task StartBot()
    {
        var setup = new BotSetup();
        setup.Settings["MessageHandler"] = BotSetup.MessageHandlerSettings($"\"maxOutputTokens\": {MaxOutputTokens}, \"maxPromptLength\": 3000");
        setup.Environment["Interactions__SyncDelay"] = "00:00:00.200";
        _bot = await BotHarness.StartAsync(setup);
        _channel = _bot.NewChannel("ask");
        await WaitForLastCommandSetAsync(hasAsk: true);
    }

    /// <summary>Waits until the last command set written to Discord has (or lacks) <c>/ask</c>.</summary>
    private async Task WaitForLastCommandSetAsync(bool hasAsk)
    {
        DateTime deadline = DateTime.UtcNow + BotHarness.HangGuard;
        while (_bot.Discord.Requests.LastOrDefault(r => r.Method == "PUT" && r.Route == "/applications/{application_id}/commands") is not { } put
            || put.Body?.Contains("\"ask\"", StringComparison.Ordinal) != hasAsk)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"the command set written to Discord never {(hasAsk ? "had" : "lost")} /ask");
            await Task.Delay(50);
        }
    }

    [OneTimeTearDown]
    public async Task StopBot() => await _bot.DisposeAsync();

    [TearDown]
    public void RestoreFake() => _bot.Llm.Options.StreamChunkDelay = TimeSpan.Zero;

    [Test]
    public async Task Ask_DefersPublicly_ThenTheAnswerReplacesThinking_WithARegenerateButton()
    {
        _bot.Llm.Options.Answers["what is a token bucket?"] = "A bucket of tokens that refills at a steady pace.";

        EmulatorInteraction ask = await AskAsync(_bot.Discord.AliceUserId, "what is a token bucket?");
        EmulatorInteractionResponse first = await FirstAnswerAsync(ask);
        IReadOnlyList<EmulatorMessage> messages = await FinalMessagesAsync(ask);

        Assert.That((first.Kind, first.Type, first.IsEphemeral, first.StatusCode), Is.EqualTo((EmulatorInteractionResponseKind.Callback, (int?)5, false, 204)));
        Assert.That(messages, Has.Count.EqualTo(1));
        Assert.That(messages[0].Content, Is.EqualTo("A bucket of tokens that refills at a steady pace."));
        Assert.That(messages[0].ComponentCustomIds, Has.Count.EqualTo(1).And.All.Match($@"^MessageHandler:ask:regen:{_bot.Discord.AliceUserId}:[0-9a-f]{{12}}$"));
        Assert.That(_bot.Discord.InteractionResponses.Where(r => r.InteractionId == ask.Id).Select(r => r.ErrorCode), Is.All.Zero);
    }

    [Test]
    public async Task LongAnswer_ContinuesInFollowUps_ButtonsOnTheLastPageOnly()
    {
        string long4500 = MentionTests.LongAnswerWithCode();
        _bot.Llm.Options.Answers["explain rate limits at length"] = long4500;

        EmulatorInteraction ask = await AskAsync(_bot.Discord.AliceUserId, "explain rate limits at length");
        IReadOnlyList<EmulatorMessage> messages = await FinalMessagesAsync(ask);

        Assert.That(messages, Has.Count.EqualTo(3), "about 4,500 characters: three pages");
        Assert.That(messages.Select(m => m.Content.Length), Is.All.InRange(1, 2000));
        Assert.That(messages.Take(2).SelectMany(m => m.ComponentCustomIds), Is.Empty);
        Assert.That(messages[2].ComponentCustomIds.Single(), Does.Contain(":regen:"));
        Assert.That(string.Concat(messages.Select(m => m.Content)).Replace("\n", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal),
            Does.Contain("Each request takes one token"));
        Assert.That(_bot.Discord.InteractionResponses.Count(r => r.InteractionId == ask.Id && r.Kind == EmulatorInteractionResponseKind.Followup), Is.EqualTo(2));
    }

    [Test]
    public async Task NoPrompt_OpensAModal_WhoseSubmissionIsAnswered()
    {
        EmulatorInteraction ask = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.AliceUserId, _channel, "ask");
        EmulatorInteractionResponse modal = await FirstAnswerAsync(ask);
        EmulatorInteraction submitted = await _bot.Discord.SubmitModalAsync(ask, new Dictionary<string, string> { ["prompt"] = "a long\nmulti-line question" });
        IReadOnlyList<EmulatorMessage> messages = await FinalMessagesAsync(submitted);

        Assert.That((modal.Type, modal.ModalCustomId), Is.EqualTo(((int?)9, "MessageHandler:ask-modal:public")));
        Assert.That(messages.Single().Content, Is.EqualTo("echo: a long\nmulti-line question"));
    }

    [Test]
    public async Task PrivateAsk_OnlyTheAskerSeesIt()
    {
        EmulatorInteraction ask = await AskAsync(_bot.Discord.AliceUserId, "keep this between us", isPrivate: true);
        EmulatorInteractionResponse first = await FirstAnswerAsync(ask);
        IReadOnlyList<EmulatorMessage> messages = await FinalMessagesAsync(ask);

        Assert.That((first.Type, first.IsEphemeral), Is.EqualTo(((int?)5, true)));
        Assert.That(messages.Single().IsEphemeral, Is.True);
        Assert.That(messages.Single().VisibleToUserId, Is.EqualTo(_bot.Discord.AliceUserId));
        Assert.That(messages.Single().Content, Is.EqualTo("echo: keep this between us"));
    }

    [Test]
    public async Task Regenerate_OnlyForTheAsker_AsksAgainPastTheCache_AndEditsTheAnswer()
    {
        _bot.Llm.Options.Answers["name a colour"] = "Blue.";
        EmulatorInteraction ask = await AskAsync(_bot.Discord.AliceUserId, "name a colour");
        EmulatorMessage answer = (await FinalMessagesAsync(ask)).Single();
        string regenerate = answer.ComponentCustomIds.Single();
        _bot.Llm.Options.Answers["name a colour"] = "Green.";
        int calls = _bot.Llm.ChatRequestCount;

        EmulatorInteraction stranger = await _bot.Discord.ClickButtonAsync(_bot.Discord.BobUserId, answer.Id, regenerate);
        EmulatorInteractionResponse refused = await FirstAnswerAsync(stranger);
        EmulatorInteraction press = await _bot.Discord.ClickButtonAsync(_bot.Discord.AliceUserId, answer.Id, regenerate);
        EmulatorInteractionResponse acknowledged = await FirstAnswerAsync(press);
        await _bot.Discord.WaitForInteractionResponseAsync(
            r => r.InteractionId == press.Id && r.Kind == EmulatorInteractionResponseKind.EditOriginal && r.ComponentCustomIds.Count > 0, BotHarness.HangGuard);

        Assert.That((refused.IsEphemeral, refused.Content), Is.EqualTo((true, "Only the person who asked can use these buttons.")));
        Assert.That(acknowledged.Type, Is.EqualTo(6), "a deferred update: the answer is edited in place");
        Assert.That(_bot.Discord.FindMessage(answer.Id)!.Content, Is.EqualTo("Green."), "asked the model again instead of the cache's Blue.");
        Assert.That(_bot.Llm.ChatRequestCount, Is.EqualTo(calls + 1));
        Assert.That(_bot.Discord.FindMessage(answer.Id)!.ComponentCustomIds.Single(), Does.Contain(":regen:").And.Not.EqualTo(regenerate));
    }

    [Test]
    public async Task AnswerCutAtTheLengthLimit_OffersContinue_WhichAsksForTheRest()
    {
        string cut = string.Join(' ', Enumerable.Range(0, MaxOutputTokens + 200).Select(i => "w" + (i % 10)));
        _bot.Llm.Options.Answers["count for me"] = cut;
        _bot.Llm.Options.Answers["Continue exactly where your previous answer stopped, without repeating anything."] = "…and that is the end.";

        EmulatorInteraction ask = await AskAsync(_bot.Discord.AliceUserId, "count for me");
        IReadOnlyList<EmulatorMessage> messages = await FinalMessagesAsync(ask);
        EmulatorMessage last = messages[^1];
        string[] buttonsBefore = [.. last.ComponentCustomIds]; // the emulator's message is live: read it before the press
        string more = buttonsBefore.Single(id => id.Contains(":more:", StringComparison.Ordinal));
        EmulatorInteraction press = await _bot.Discord.ClickButtonAsync(_bot.Discord.AliceUserId, last.Id, more);
        EmulatorInteractionResponse continued = await _bot.Discord.WaitForInteractionResponseAsync(
            r => r.InteractionId == press.Id && r.Kind == EmulatorInteractionResponseKind.Followup, BotHarness.HangGuard);
        string[] roles = [.. _bot.Llm.Requests.Last(r => r.Chat is not null).Chat!.Messages.Select(m => m.Role)];

        Assert.That(string.Join(' ', messages.Select(m => m.Content)).Split(' ', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(MaxOutputTokens));
        Assert.That(buttonsBefore, Has.Length.EqualTo(2), "Regenerate and Continue");
        Assert.That(continued.Content, Is.EqualTo("…and that is the end."));
        Assert.That(continued.ComponentCustomIds, Is.Empty, "finished: no Continue, and Regenerate stays on the answer");
        Assert.That(_bot.Discord.FindMessage(last.Id)!.ComponentCustomIds.Single(), Does.Contain(":regen:"), "the Continue button went");
        Assert.That(roles, Is.EqualTo(new[] { "system", "user", "assistant", "user" }), "the question, the answer so far, the request to go on");
    }

    [Test]
    public async Task AnswerCutInsideACodeBlock_IsClosed_AndContinueReopensIt()
    {
        string code = "Here:\n```csharp\n" + string.Join('\n', Enumerable.Range(0, MaxOutputTokens + 50).Select(i => $"Step{i}();"));
        _bot.Llm.Options.Answers["write the code"] = code;
        _bot.Llm.Options.Answers["Continue exactly where your previous answer stopped, without repeating anything."] = "Last();\n```\nThat is all.";

        EmulatorInteraction ask = await AskAsync(_bot.Discord.AliceUserId, "write the code");
        IReadOnlyList<EmulatorMessage> messages = await FinalMessagesAsync(ask);
        EmulatorMessage last = messages[^1];
        string more = last.ComponentCustomIds.Single(id => id.Contains(":more:", StringComparison.Ordinal));
        EmulatorInteraction press = await _bot.Discord.ClickButtonAsync(_bot.Discord.AliceUserId, last.Id, more);
        EmulatorInteractionResponse continued = await _bot.Discord.WaitForInteractionResponseAsync(
            r => r.InteractionId == press.Id && r.Kind == EmulatorInteractionResponseKind.Followup, BotHarness.HangGuard);

        Assert.That(messages.Select(m => (m.Content.Split("```").Length - 1) % 2), Has.All.Zero, "every message of the cut answer closes its code block");
        Assert.That(last.Content, Does.EndWith("\n```"));
        Assert.That(continued.Content, Is.EqualTo("```csharp\nLast();\n```\nThat is all."), "the continuation reopens the block it goes on in");
    }

    [Test]
    public async Task Stop_WhileStreaming_EndsTheAnswerWithWhatArrived()
    {
        _bot.Llm.Options.StreamChunkDelay = TimeSpan.FromMilliseconds(100);
        _bot.Llm.Options.Answers["tell me a long story"] = string.Concat(Enumerable.Repeat("Once upon a time. ", 60));

        EmulatorInteraction ask = await AskAsync(_bot.Discord.AliceUserId, "tell me a long story");
        EmulatorInteractionResponse streaming = await _bot.Discord.WaitForInteractionResponseAsync(
            r => r.InteractionId == ask.Id && r.Kind == EmulatorInteractionResponseKind.EditOriginal && r.ComponentCustomIds.Any(id => id.Contains(":stop:", StringComparison.Ordinal)), BotHarness.HangGuard);
        string stop = streaming.ComponentCustomIds.Single();
        EmulatorInteraction stranger = await _bot.Discord.ClickButtonAsync(_bot.Discord.BobUserId, streaming.MessageId!.Value, stop);
        EmulatorInteractionResponse refused = await FirstAnswerAsync(stranger);
        EmulatorInteraction press = await _bot.Discord.ClickButtonAsync(_bot.Discord.AliceUserId, streaming.MessageId!.Value, stop);
        EmulatorInteractionResponse acknowledged = await FirstAnswerAsync(press);
        EmulatorMessage final = (await FinalMessagesAsync(ask)).Single();

        Assert.That(refused.Content, Is.EqualTo("Only the person who asked can use these buttons."));
        Assert.That(acknowledged.Type, Is.EqualTo(6));
        Assert.That(final.Content, Does.StartWith("Once upon a time.").And.EndWith("*(stopped)*"));
        Assert.That(final.Content.Length, Is.LessThan(60 * 18), "stopped before the whole story arrived");
        Assert.That(final.ComponentCustomIds.Single(), Does.Contain(":regen:"));
    }

    [Test]
    public async Task ButtonsOfAnAnswerFromAnEarlierInstance_StillWork_ForgedOnesHaveExpired()
    {
        _bot.Llm.Options.Answers["before the reload"] = "First take.";
        EmulatorInteraction ask = await AskAsync(_bot.Discord.AliceUserId, "before the reload");
        EmulatorMessage answer = (await FinalMessagesAsync(ask)).Single();
        string regenerate = answer.ComponentCustomIds.Single();
        _bot.Llm.Options.Answers["before the reload"] = "Second take, by the new instance.";

        // Unload and load: a new instance (a plain !reload of the same build and settings changes nothing).
        string unloaded = await _bot.CommandAsync(_bot.Discord.OwnerUserId, _channel, "!unload MessageHandler");
        await WaitForLastCommandSetAsync(hasAsk: false); // the unload takes /ask out of Discord...
        string loaded = await _bot.CommandAsync(_bot.Discord.OwnerUserId, _channel, "!load MessageHandler");
        await WaitForLastCommandSetAsync(hasAsk: true); // ...and the load puts it back (the other tests need it)
        EmulatorInteraction press = await _bot.Discord.ClickButtonAsync(_bot.Discord.AliceUserId, answer.Id, regenerate);
        await _bot.Discord.WaitForInteractionResponseAsync(
            r => r.InteractionId == press.Id && r.Kind == EmulatorInteractionResponseKind.EditOriginal && r.ComponentCustomIds.Any(id => id.Contains(":regen:", StringComparison.Ordinal)), BotHarness.HangGuard);

        Assert.That(unloaded, Does.Match(@"^MessageHandler: unloaded in \d+ ms$"));
        Assert.That(loaded, Does.StartWith("MessageHandler: loaded"));
        Assert.That(_bot.Discord.FindMessage(answer.Id)!.Content, Is.EqualTo("Second take, by the new instance."),
            "the question behind the button was kept in the cog's storage, so the new instance could ask again");
    }

    [Test]
    public async Task SecondAsk_InTheSameChannel_CarriesTheFirstExchange_AndSoDoesItsRegenerate()
    {
        ulong channel = _bot.NewChannel("ask-memory");
        _bot.Llm.Options.Answers["my cat is called Miso"] = "Nice name for a cat.";
        _bot.Llm.Options.Answers["what is my cat called?"] = "Miso.";

        EmulatorInteraction first = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.BobUserId, channel, "ask", new EmulatorCommandOption("prompt", "my cat is called Miso"));
        await FinalMessagesAsync(first);
        await WaitUntilStoredAsync(first.Id);
        EmulatorInteraction second = await _bot.Discord.InvokeSlashCommandAsync(_bot.Discord.BobUserId, channel, "ask", new EmulatorCommandOption("prompt", "what is my cat called?"));
        EmulatorMessage answer = (await FinalMessagesAsync(second)).Single();
        string[] sent = [.. _bot.Llm.Requests.Last(r => r.Chat?.LastUserMessage == "what is my cat called?").Chat!.Messages.Select(m => $"{m.Role}: {m.Content}")];
        await WaitUntilStoredAsync(second.Id);
        int calls = _bot.Llm.ChatRequestCount;
        EmulatorInteraction regenerate = await _bot.Discord.ClickButtonAsync(_bot.Discord.BobUserId, answer.Id, answer.ComponentCustomIds.Single());
        await _bot.Discord.WaitForInteractionResponseAsync(
            r => r.InteractionId == regenerate.Id && r.Kind == EmulatorInteractionResponseKind.EditOriginal && r.ComponentCustomIds.Any(id => id.Contains(":regen:", StringComparison.Ordinal)), BotHarness.HangGuard);
        string[] regenerated = [.. _bot.Llm.Requests.Where(r => r.Chat is not null).Skip(calls).Single().Chat!.Messages.Select(m => $"{m.Role}: {m.Content}")];

        Assert.That(sent.Skip(1), Is.EqualTo(new[] { "user: my cat is called Miso", "assistant: Nice name for a cat.", "user: what is my cat called?" }),
            "the conversation memory gave /ask the user's earlier exchange in this channel");
        Assert.That(regenerated.Skip(1), Is.EqualTo(sent.Skip(1)), "Regenerate asks with the context the question had: not the answer it replaces");
    }

    /// <summary>
    /// The cog records a turn just after showing its answer, so the user's next step can overtake it: waits until the
    /// question's turn is in the bot's SQLite file (read directly, as an operator would).
    /// </summary>
    private async Task WaitUntilStoredAsync(ulong questionId)
    {
        await using Database database = new SqliteDatabase(Path.Combine(_bot.Root, "data", "andyai.db"), TimeSpan.FromSeconds(5));
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

    private Task<EmulatorInteraction> AskAsync(ulong userId, string prompt, bool isPrivate = false) => isPrivate
        ? _bot.Discord.InvokeSlashCommandAsync(userId, _channel, "ask", new EmulatorCommandOption("prompt", prompt), new EmulatorCommandOption("private", true))
        : _bot.Discord.InvokeSlashCommandAsync(userId, _channel, "ask", new EmulatorCommandOption("prompt", prompt));

    private Task<EmulatorInteractionResponse> FirstAnswerAsync(EmulatorInteraction interaction) =>
        _bot.Discord.WaitForInteractionResponseAsync(r => r.InteractionId == interaction.Id, BotHarness.HangGuard);

    /// <summary>The answer's messages once it is final (its last page carries Regenerate or Continue), in order.</summary>
    private async Task<IReadOnlyList<EmulatorMessage>> FinalMessagesAsync(EmulatorInteraction interaction)
    {
        await _bot.Discord.WaitForInteractionResponseAsync(
            r => r.InteractionId == interaction.Id && r.ComponentCustomIds.Any(id => id.Contains(":regen:", StringComparison.Ordinal) || id.Contains(":more:", StringComparison.Ordinal)),
            BotHarness.HangGuard);
        // By the ids the answers name (ephemeral messages are not in the channel's history).
        return [.. _bot.Discord.InteractionResponses
            .Where(r => r.InteractionId == interaction.Id && r.MessageId is not null)
            .Select(r => r.MessageId!.Value)
            .Distinct()
            .Select(id => _bot.Discord.FindMessage(id)!)
            .Where(m => !m.IsDeleted)
            .OrderBy(m => m.Id)];
    }
}
