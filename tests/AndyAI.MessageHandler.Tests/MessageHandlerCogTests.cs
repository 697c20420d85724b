using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Llm;
using AndyAI.Cogs.MessageHandler.Tests.Fakes;
using Microsoft.Extensions.Logging;

namespace AndyAI.Cogs.MessageHandler.Tests;

public sealed class MessageHandlerCogTests : RunningCogFixture
{
    private Task<(MessageHandlerCog Cog, FakeCogContext Context)> CreateSutAsync(string settings = "{}", Action<FakeCogContext>? configure = null) =>
        StartCogAsync(settings, configure);

    [Test]
    public async Task StartAsync_SubscribesToMentionsAndDirectMessages()
    {
        (MessageHandlerCog cog, FakeCogContext context) = await CreateSutAsync();

        Assert.That(cog.Name, Is.EqualTo("MessageHandler"));
        Assert.That(context.Bot.LastInterest, Is.EqualTo(MessageInterest.Mentions | MessageInterest.DirectMessages));
    }

    [Test]
    public async Task Mention_AnswersWithAReplyToTheQuestion_WhileTyping()
    {
        (_, FakeCogContext context) = await CreateSutAsync();
        DiscordMessage question = TestMessages.Mention("<@100> what is a token bucket?");

        await context.Bot.DeliverAsync(question);

        SentMessage reply = context.Bot.Sent.Single();
        Assert.That(reply.Content, Is.EqualTo("Answer to: what is a token bucket?"));
        Assert.That(reply.ReplyToMessageId, Is.EqualTo(question.Id));
        Assert.That(reply.ChannelId, Is.EqualTo(Ids.Channel));
        Assert.That((context.Bot.TypingStarted, context.Bot.TypingStopped), Is.EqualTo((1, 1)));
        Assert.That(context.FakeStatistics["mentions.answered"], Is.EqualTo(1));
        Assert.That(context.FakeStatistics.RecordedDurations.Select(d => d.Name), Is.EqualTo(new[] { "llm.latency", "answers.first_reply", "answers.latency" }),
            "the model's part, the first message posted (a quick answer is posted once, whole), then the whole answer");
        Assert.That(context.FakeLlm.Requests.Single().Messages, Is.EqualTo(new[] { new ChatTurn(ChatRole.User, "what is a token bucket?") }));
    }

    [TestCase("<@100> ping?")]
    [TestCase("<@!100> ping?")]
    [TestCase("<@&200> ping?")]
    [TestCase("ping? <@!100>")]
    public async Task Mention_EveryForm_SendsThePromptWithoutTheToken(string content)
    {
        (_, FakeCogContext context) = await CreateSutAsync();

        await context.Bot.DeliverAsync(TestMessages.Mention(content));

        Assert.That(context.FakeLlm.Requests.Single().Messages[^1].Text, Is.EqualTo("ping?"));
        Assert.That(context.Bot.Sent, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task DirectMessage_WithoutMention_IsAnswered()
    {
        (_, FakeCogContext context) = await CreateSutAsync();
        DiscordMessage dm = TestMessages.Direct("hello in private");

        await context.Bot.DeliverAsync(dm);

        Assert.That(context.Bot.Sent.Single().Content, Is.EqualTo("Answer to: hello in private"));
        Assert.That(context.Bot.Sent.Single().ChannelId, Is.EqualTo(Ids.DmChannel));
    }

    [Test]
    public async Task DirectMessage_Disabled_IsIgnored()
    {
        (_, FakeCogContext context) = await CreateSutAsync("""{"directMessages": false}""");

        await context.Bot.DeliverAsync(TestMessages.Direct("hello"));

        Assert.That(context.Bot.Sent, Is.Empty);
    }

    [Test]
    public async Task IgnoredMessages_SendNothingAndAskNothing()
    {
        (_, FakeCogContext context) = await CreateSutAsync();
        DiscordMessage mention = TestMessages.Mention("<@100> hi");

        await context.Bot.DeliverAsync(TestMessages.Plain("no mention here"));
        await context.Bot.DeliverAsync(mention with { Id = TestMessages.NextId(), Author = new DiscordUser(Ids.Bot, "AndyAI", true) });
        await context.Bot.DeliverAsync(mention with { Id = TestMessages.NextId(), Author = new DiscordUser(777, "otherbot", true) });
        await context.Bot.DeliverAsync(mention with { Id = TestMessages.NextId(), IsWebhook = true, Author = new DiscordUser(778, "hook", false) });

        Assert.That(context.Bot.Sent, Is.Empty);
        Assert.That(context.FakeLlm.Requests, Is.Empty);
        Assert.That(context.Bot.TypingStarted, Is.Zero);
    }

    [Test]
    public async Task CommandInvocation_IsLeftToTheCommandFramework()
    {
        (_, FakeCogContext context) = await CreateSutAsync();
        context.FakeCommands.IsCommand = m => m.Content.Contains("ping", StringComparison.Ordinal);

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> ping"));

        Assert.That(context.Bot.Sent, Is.Empty);
        Assert.That(context.FakeLlm.Requests, Is.Empty);
    }

    [Test]
    public async Task AllowLists_MessageOutsideThem_IsIgnored()
    {
        (_, FakeCogContext context) = await CreateSutAsync("""{"allowedGuildIds": ["300"], "allowedChannelIds": ["400"]}""");

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> other guild", guild: Ids.OtherGuild));
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> other channel", channel: Ids.OtherChannel));
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> allowed"));
        await context.Bot.DeliverAsync(TestMessages.Direct("dm is not channel-listed"));

        Assert.That(context.FakeLlm.Requests.Select(r => r.Messages[^1].Text), Is.EqualTo(new[] { "allowed", "dm is not channel-listed" }));
    }

    [Test]
    public async Task AllowedChannel_ItsThreadsAreAllowedToo_OtherChannelsThreadsNot()
    {
        (_, FakeCogContext context) = await CreateSutAsync("""{"allowedChannelIds": ["400"]}""");

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> in a thread of the allowed channel", channel: 9001) with { IsInThread = true, ParentChannelId = 400 });
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> in a thread elsewhere", channel: 9002) with { IsInThread = true, ParentChannelId = Ids.OtherChannel });

        Assert.That(context.FakeLlm.Requests.Select(r => r.Messages[^1].Text), Is.EqualTo(new[] { "in a thread of the allowed channel" }));
    }

    [Test]
    public async Task EmptyPrompt_GetsAOneLineUsageHint()
    {
        (_, FakeCogContext context) = await CreateSutAsync();
        DiscordMessage question = TestMessages.Mention("  <@100>  ");

        await context.Bot.DeliverAsync(question);

        SentMessage hint = context.Bot.Sent.Single();
        Assert.That(hint.Content, Does.Contain("@AndyAI").And.Not.Contain("\n"));
        Assert.That(hint.ReplyToMessageId, Is.EqualTo(question.Id));
        Assert.That(context.FakeLlm.Requests, Is.Empty);
    }

    [Test]
    public async Task EmptyDirectMessage_GetsAHintWithoutMention()
    {
        (_, FakeCogContext context) = await CreateSutAsync();

        await context.Bot.DeliverAsync(TestMessages.Direct(" "));

        Assert.That(context.Bot.Sent.Single().Content, Does.StartWith("Send me a question").And.Not.Contain("@"));
    }

    [Test]
    public async Task TooLongPrompt_IsRefusedStatingTheLimit()
    {
        (_, FakeCogContext context) = await CreateSutAsync("""{"maxPromptLength": 50}""");

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> " + new string('q', 51)));

        Assert.That(context.Bot.Sent.Single().Content, Does.Contain("51").And.Contain("50"));
        Assert.That(context.FakeLlm.Requests, Is.Empty);
    }

    [Test]
    public async Task PromptAtTheLimit_IsAnswered()
    {
        (_, FakeCogContext context) = await CreateSutAsync("""{"maxPromptLength": 50}""");

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> " + new string('q', 50)));

        Assert.That(context.FakeLlm.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SameQuestionTwice_SecondIsServedFromTheCacheWithoutTyping()
    {
        (_, FakeCogContext context) = await CreateSutAsync();

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> cache me"));
        await context.Bot.DeliverAsync(TestMessages.Mention("<@!100>   cache me", author: Ids.Bob));

        Assert.That(context.FakeLlm.Requests, Has.Count.EqualTo(1));
        Assert.That(context.Bot.Sent.Select(s => s.Content), Is.EqualTo(new[] { "Answer to: cache me", "Answer to: cache me" }));
        Assert.That(context.Bot.TypingStarted, Is.EqualTo(1));
        Assert.That(context.FakeStatistics["mentions.answered"], Is.EqualTo(2));
    }

    [Test]
    public async Task SameQuestion_AfterTheCacheLifetime_AsksTheModelAgain()
    {
        (_, FakeCogContext context) = await CreateSutAsync("""{"cacheTtlSeconds": 60}""");

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> cache me"));
        context.Clock.Advance(TimeSpan.FromSeconds(61));
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> cache me"));

        Assert.That(context.FakeLlm.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task CacheOff_EveryQuestionAsksTheModel()
    {
        (_, FakeCogContext context) = await CreateSutAsync("""{"cacheTtlSeconds": 0}""");

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> again"));
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> again"));

        Assert.That(context.FakeLlm.Requests, Has.Count.EqualTo(2));
        Assert.That(context.FakeLlm.CachedKeys, Is.Empty);
    }

    [Test]
    public async Task UserOverTheLimit_OneCooldownNotice_ThenSilence_ThenServedAfterRefill()
    {
        (_, FakeCogContext context) = await CreateSutAsync("""{"userRateLimit": {"capacity": 2, "tokensPerPeriod": 1, "periodSeconds": 12}, "cacheTtlSeconds": 0}""");

        for (int i = 0; i < 5; i++)
        {
            await context.Bot.DeliverAsync(TestMessages.Mention($"<@100> question {i}"));
        }

        List<string> sent = [.. context.Bot.Sent.Select(s => s.Content)];
        Assert.That(sent, Has.Count.EqualTo(3), "two answers and one notice");
        Assert.That(sent[2], Does.Contain("try again in 12 s"));
        Assert.That(context.FakeStatistics["ratelimit.denied"], Is.EqualTo(3));
        Assert.That(context.FakeLlm.Requests, Has.Count.EqualTo(2));

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> still limited", author: Ids.Bob));
        Assert.That(context.Bot.Sent[^1].Content, Does.StartWith("Answer to: still limited"), "other users are not affected");

        context.Clock.Advance(TimeSpan.FromSeconds(12));
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> after refill"));

        Assert.That(context.Bot.Sent[^1].Content, Is.EqualTo("Answer to: after refill"));
        Assert.That(context.FakeRateLimits.Created.Single().Policy.Capacity, Is.EqualTo(2));
    }

    [Test]
    public async Task UserLimited_AgainAfterTheWindow_GetsANewNotice()
    {
        (_, FakeCogContext context) = await CreateSutAsync("""{"userRateLimit": {"capacity": 1, "tokensPerPeriod": 1, "periodSeconds": 10}, "cacheTtlSeconds": 0}""");

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> 1"));
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> 2"));
        context.Clock.Advance(TimeSpan.FromSeconds(10));
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> 3"));
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> 4"));

        Assert.That(context.Bot.Sent.Select(s => s.Content.StartsWith("Answer", StringComparison.Ordinal) ? "answer" : "notice"),
            Is.EqualTo(new[] { "answer", "notice", "answer", "notice" }));
    }

    [Test]
    public async Task GuildOverTheLimit_OneNoticeForTheGuild_OtherGuildsServed()
    {
        (_, FakeCogContext context) = await CreateSutAsync("""{"guildRateLimit": {"capacity": 2, "tokensPerPeriod": 1, "periodSeconds": 30}, "cacheTtlSeconds": 0}""");

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> a", author: Ids.Alice));
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> b", author: Ids.Bob));
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> c", author: Ids.Carol));
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> d", author: Ids.Alice));
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> e", author: 999, guild: Ids.OtherGuild));

        List<string> sent = [.. context.Bot.Sent.Select(s => s.Content)];
        Assert.That(sent, Has.Count.EqualTo(4));
        Assert.That(sent[2], Does.Contain("server").And.Contain("try again in 30 s"));
        Assert.That(sent[3], Is.EqualTo("Answer to: e"));
        Assert.That(context.FakeStatistics["ratelimit.denied"], Is.EqualTo(2));
    }

    [Test]
    public async Task DirectMessages_AreNotSubjectToTheGuildLimit()
    {
        (_, FakeCogContext context) = await CreateSutAsync("""{"guildRateLimit": {"capacity": 1, "periodSeconds": 30}, "cacheTtlSeconds": 0}""");

        await context.Bot.DeliverAsync(TestMessages.Direct("a"));
        await context.Bot.DeliverAsync(TestMessages.Direct("b", author: Ids.Bob));

        Assert.That(context.FakeLlm.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task NoBucketSettings_UsesTheHostBuckets()
    {
        (_, FakeCogContext context) = await CreateSutAsync("""{"cacheTtlSeconds": 0}""", c =>
            c.FakeRateLimits.PerUser = new FakeKeyedRateLimiter(new(1, 1, TimeSpan.FromMinutes(1)), c.Clock));

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> one"));
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> two"));

        Assert.That(context.Bot.Sent.Select(s => s.Content).Last(), Does.Contain("try again in 60 s"));
        Assert.That(context.FakeRateLimits.Created, Is.Empty);
    }

    [Test]
    public async Task ReplyChainOfThree_BecomesThreeEarlierTurnsWithRoles()
    {
        (_, FakeCogContext context) = await CreateSutAsync();
        DiscordMessage first = TestMessages.Mention("<@100> what is 2+2?");
        DiscordMessage botAnswer = new() { Id = TestMessages.NextId(), ChannelId = Ids.Channel, GuildId = Ids.Guild, Author = context.Bot.CurrentUser!, Content = "4", ReferencedMessageId = first.Id };
        DiscordMessage followUp = TestMessages.Mention("<@100> and times 3?") with { ReferencedMessageId = botAnswer.Id };
        context.Bot.Stored[first.Id] = first;
        context.Bot.Stored[botAnswer.Id] = botAnswer;
        context.Bot.Stored[followUp.Id] = followUp;
        DiscordMessage question = TestMessages.Mention("<@100> and minus 1?") with { ReferencedMessageId = followUp.Id, ReferencedMessage = followUp };

        await context.Bot.DeliverAsync(question);

        Assert.That(context.FakeLlm.Requests.Single().Messages, Is.EqualTo(new[]
        {
            new ChatTurn(ChatRole.User, "what is 2+2?"),
            new ChatTurn(ChatRole.Assistant, "4"),
            new ChatTurn(ChatRole.User, "and times 3?"),
            new ChatTurn(ChatRole.User, "and minus 1?"),
        }));
        Assert.That(context.Bot.Fetched, Is.EqualTo(new[] { botAnswer.Id, first.Id }), "the included referenced message is not fetched again");
    }

    [Test]
    public async Task ReplyChain_LongerThanTheLimit_KeepsTheNewestTurns()
    {
        (_, FakeCogContext context) = await CreateSutAsync("""{"historyMaxMessages": 2}""");
        DiscordMessage? parent = null;
        for (int i = 0; i < 6; i++)
        {
            DiscordMessage m = TestMessages.Mention($"<@100> m{i}") with { ReferencedMessageId = parent?.Id };
            context.Bot.Stored[m.Id] = m;
            parent = m;
        }

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> now") with { ReferencedMessageId = parent!.Id });

        Assert.That(context.FakeLlm.Requests.Single().Messages.Select(t => t.Text), Is.EqualTo(new[] { "m4", "m5", "now" }));
        Assert.That(context.Bot.Fetched, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task ReplyChain_OverTheCharacterLimit_StopsBeforeTheTurnThatDoesNotFit()
    {
        (_, FakeCogContext context) = await CreateSutAsync("""{"historyMaxCharacters": 150}""");
        DiscordMessage old = TestMessages.Mention("<@100> " + new string('o', 100));
        DiscordMessage recent = TestMessages.Mention("<@100> " + new string('r', 100)) with { ReferencedMessageId = old.Id };
        context.Bot.Stored[old.Id] = old;
        context.Bot.Stored[recent.Id] = recent;

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> q") with { ReferencedMessageId = recent.Id });

        Assert.That(context.FakeLlm.Requests.Single().Messages.Select(t => t.Text[0]), Is.EqualTo(new[] { 'r', 'q' }));
    }

    [Test]
    public async Task ReplyChain_DeletedOrUnreadableParent_AnswersWithWhatItHas()
    {
        (_, FakeCogContext context) = await CreateSutAsync();

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> orphan") with { ReferencedMessageId = 123456 });

        Assert.That(context.FakeLlm.Requests.Single().Messages, Has.Count.EqualTo(1));
        Assert.That(context.Bot.Sent.Single().Content, Is.EqualTo("Answer to: orphan"));
    }

    [Test]
    public async Task ReplyChain_ThatLoops_Ends()
    {
        (_, FakeCogContext context) = await CreateSutAsync();
        DiscordMessage a = TestMessages.Mention("<@100> a");
        DiscordMessage b = TestMessages.Mention("<@100> b") with { ReferencedMessageId = a.Id };
        context.Bot.Stored[a.Id] = a with { ReferencedMessageId = b.Id };
        context.Bot.Stored[b.Id] = b;

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> q") with { ReferencedMessageId = b.Id });

        Assert.That(context.FakeLlm.Requests.Single().Messages.Select(t => t.Text), Is.EqualTo(new[] { "a", "b", "q" }));
    }

    [Test]
    public async Task LongAnswerWithCodeBlock_ThreeRepliesAllFencesBalanced()
    {
        (_, FakeCogContext context) = await CreateSutAsync();
        string answer = MessageSplitterTests.FourThousandFiveHundredCharacterAnswer();
        context.FakeLlm.Respond = _ => new LlmResult { Outcome = LlmOutcome.Ok, Text = answer };
        DiscordMessage question = TestMessages.Mention("<@100> explain token buckets");

        await context.Bot.DeliverAsync(question);

        List<SentMessage> sent = [.. context.Bot.Sent];
        Assert.That(sent, Has.Count.EqualTo(3));
        Assert.That(sent.Select(s => s.Content.Length), Has.All.LessThanOrEqualTo(2000));
        Assert.That(sent.Select(s => MessageSplitter.HasBalancedFences(s.Content)), Has.All.True);
        Assert.That(sent.Select(s => s.ReplyToMessageId), Has.All.EqualTo(question.Id));
        Assert.That(context.Bot.Edits, Is.Empty, "a stream that finishes within one interval is posted once, whole");
    }

    [Test]
    public async Task AnswerCutAtTheLengthLimit_ClosesItsCodeBlock_AndSaysItWasCut()
    {
        (_, FakeCogContext context) = await CreateSutAsync();
        const string Cut = "Here it is:\n```csharp\nConsole.WriteLine(\"line 1\");\nConsole.Write";
        context.FakeLlm.Respond = _ => new LlmResult { Outcome = LlmOutcome.Ok, Text = Cut, Truncated = true };

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> print a long listing"));

        string shown = context.Bot.FinalContents().Single();
        Assert.That(shown, Is.EqualTo(Cut + "\n```\n\n-# " + UserMessages.CutAtLengthLimit));
        Assert.That(MessageSplitter.HasBalancedFences(shown), Is.True, "the note is not swallowed by the open code block");
        Assert.That(context.FakeMemory.Turns.Single().AnswerText, Is.EqualTo(Cut), "memory keeps what the model wrote, so \"continue\" goes on from there");
    }

    [Test]
    public async Task CompleteAnswer_HasNoCutNote()
    {
        (_, FakeCogContext context) = await CreateSutAsync();
        context.FakeLlm.Respond = _ => new LlmResult { Outcome = LlmOutcome.Ok, Text = "```\nopen" };

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> q"));

        Assert.That(context.Bot.FinalContents().Single(), Is.EqualTo("```\nopen"), "only an answer the limit cut is closed and marked");
    }

    [Test]
    public async Task ModelOutputWithMassMentions_IsDefused()
    {
        (_, FakeCogContext context) = await CreateSutAsync();
        context.FakeLlm.Respond = _ => new LlmResult { Outcome = LlmOutcome.Ok, Text = "Hey @everyone and @here, ask <@&200>!" };

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> say hi to all"));

        string content = context.Bot.Sent.Single().Content;
        Assert.That(content, Does.Not.Contain("@everyone").And.Not.Contain("@here"));
        Assert.That(content, Does.Contain("<@&200>"), "user and role mentions are left to allowed_mentions, which the host sets to parse []");
    }

    [Test]
    public async Task Streaming_EditsNoFasterThanTheInterval_AndTheFinalTextIsComplete()
    {
        (_, FakeCogContext context) = await CreateSutAsync("""{"streamEditIntervalMs": 1000}""");
        string answer = string.Join(" ", Enumerable.Range(0, 120).Select(i => $"word{i}"));
        context.FakeLlm.Respond = _ => new LlmResult { Outcome = LlmOutcome.Ok, Text = answer };
        context.FakeLlm.StreamPieceLength = 20;
        context.FakeLlm.StreamDelay = TimeSpan.FromMilliseconds(300);

        await context.Clock.AdvanceUntilAsync(context.Bot.DeliverAsync(TestMessages.Mention("<@100> stream it")), TimeSpan.FromMilliseconds(100));

        SentMessage posted = context.Bot.Sent.Single();
        List<DateTimeOffset> updates = [posted.At, .. context.Bot.Edits.Select(e => e.At)];
        Assert.That(context.Bot.Edits, Has.Count.GreaterThanOrEqualTo(3), "the answer was shown while it streamed");
        Assert.That(updates.Zip(updates.Skip(1), (a, b) => b - a), Has.All.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(context.Bot.Stored[posted.Id].Content, Is.EqualTo(answer));
        Assert.That(posted.At - new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero), Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)), "the first post waits one interval too");
        Assert.That(context.Bot.TypingStopped, Is.EqualTo(1));
    }

    [Test]
    public async Task Streaming_AnswerLongerThanOneMessage_RollsOverIntoMoreReplies()
    {
        (_, FakeCogContext context) = await CreateSutAsync();
        string answer = MessageSplitterTests.FourThousandFiveHundredCharacterAnswer();
        context.FakeLlm.Respond = _ => new LlmResult { Outcome = LlmOutcome.Ok, Text = answer };
        context.FakeLlm.StreamPieceLength = 100;
        context.FakeLlm.StreamDelay = TimeSpan.FromMilliseconds(200);

        await context.Clock.AdvanceUntilAsync(context.Bot.DeliverAsync(TestMessages.Mention("<@100> long stream")), TimeSpan.FromMilliseconds(100));

        List<string> final = context.Bot.FinalContents();
        Assert.That(final, Is.EqualTo(MessageSplitter.Split(answer)));
        Assert.That(final.Select(MessageSplitter.HasBalancedFences), Has.All.True);
        foreach (IGrouping<ulong, EditedMessage> edits in context.Bot.Edits.GroupBy(e => e.Id))
        {
            List<DateTimeOffset> times = [context.Bot.Sent.Single(s => s.Id == edits.Key).At, .. edits.Select(e => e.At)];
            Assert.That(times.Zip(times.Skip(1), (a, b) => b - a), Has.All.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
        }
    }

    [Test]
    public async Task StreamingOff_OneCompleteCall_OneMessage_NoEdits()
    {
        (_, FakeCogContext context) = await CreateSutAsync("""{"streaming": false}""");

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> whole please"));

        Assert.That((context.FakeLlm.CompleteCalls, context.FakeLlm.StreamCalls), Is.EqualTo((1, 0)));
        Assert.That(context.Bot.Sent.Single().Content, Is.EqualTo("Answer to: whole please"));
        Assert.That(context.Bot.Edits, Is.Empty);
    }

    [TestCase(LlmOutcome.Unauthorized, "isn't set up correctly", false)]
    [TestCase(LlmOutcome.RateLimited, "busy", false)]
    [TestCase(LlmOutcome.Timeout, "took too long", false)]
    [TestCase(LlmOutcome.Unavailable, "unavailable", false)]
    [TestCase(LlmOutcome.BadRequest, "rejected", false)]
    [TestCase(LlmOutcome.Cancelled, "cancelled", false)]
    [TestCase(LlmOutcome.Unauthorized, "isn't set up correctly", true)]
    [TestCase(LlmOutcome.Timeout, "took too long", true)]
    public async Task ModelFailure_FriendlyMessage_DetailsOnlyInTheLog(LlmOutcome outcome, string expected, bool streaming)
    {
        (_, FakeCogContext context) = await CreateSutAsync(streaming ? "{}" : """{"streaming": false}""");
        const string detail = "HTTP 401 from http://127.0.0.1:5001/v1/chat/completions (OpenAI.ClientResultException)";
        context.FakeLlm.Respond = _ => new LlmResult { Outcome = outcome, Detail = detail, Attempts = 3 };
        DiscordMessage question = TestMessages.Mention("<@100> fail please");

        await context.Bot.DeliverAsync(question);

        SentMessage reply = context.Bot.Sent.Single();
        Assert.That(reply.Content, Does.Contain(expected));
        Assert.That(reply.Content, Does.Not.Contain("http").And.Not.Contain("Exception").And.Not.Contain("401"));
        Assert.That(reply.ReplyToMessageId, Is.EqualTo(question.Id));
        Assert.That(context.Bot.TypingStopped, Is.EqualTo(context.Bot.TypingStarted).And.EqualTo(1), "typing stops on error");
        LogEntry error = context.Log.Entries.Single(e => e.Level == LogLevel.Error);
        Assert.That(error.Message, Does.Contain(outcome.ToString()).And.Contain(detail));
        Assert.That(context.FakeStatistics["mentions.answered"], Is.Zero);
        Assert.That(context.FakeLlm.CachedKeys, Is.Empty, "failures are not cached");
    }

    [Test]
    public async Task ModelFailure_MidStream_KeepsThePartialAnswerAndExplains()
    {
        (_, FakeCogContext context) = await CreateSutAsync(configure: c => c.Llm = new StreamThenFail(c.FakeLlm));
        context.FakeLlm.Respond = _ => new LlmResult { Outcome = LlmOutcome.Ok, Text = new string('a', 500) };
        context.FakeLlm.StreamPieceLength = 100;
        context.FakeLlm.StreamDelay = TimeSpan.FromMilliseconds(600);

        await context.Clock.AdvanceUntilAsync(context.Bot.DeliverAsync(TestMessages.Mention("<@100> cut me off")), TimeSpan.FromMilliseconds(100));

        List<string> sent = [.. context.Bot.Sent.Select(s => s.Content)];
        Assert.That(sent, Has.Count.EqualTo(2));
        Assert.That(sent[0], Does.StartWith("aaaa"));
        Assert.That(sent[1], Does.Contain("unavailable"));
    }

    [Test]
    public async Task EmptyAnswer_IsExplained()
    {
        (_, FakeCogContext context) = await CreateSutAsync();
        context.FakeLlm.Respond = _ => new LlmResult { Outcome = LlmOutcome.Ok, Text = "   " };

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> say nothing"));

        Assert.That(context.Bot.Sent.Single().Content, Is.EqualTo(UserMessages.EmptyAnswer));
    }

    [Test]
    public async Task LlmServiceThrows_FriendlyMessage_HandlerDoesNotThrow()
    {
        (_, FakeCogContext context) = await CreateSutAsync();
        context.FakeLlm.Throw = new InvalidOperationException("internal detail at https://secret.example/v1");

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> boom"));

        Assert.That(context.Bot.Sent.Single().Content, Is.EqualTo(UserMessages.UnexpectedFailure));
        Assert.That(context.Log.Entries.Single(e => e.Level == LogLevel.Error).Exception, Is.InstanceOf<InvalidOperationException>());
        Assert.That(context.Bot.TypingStopped, Is.EqualTo(1));
    }

    [Test]
    public async Task DiscordRefusesTheAnswer_UserIsToldAndTheErrorLogged()
    {
        (_, FakeCogContext context) = await CreateSutAsync();
        context.Bot.SendFailure = new DiscordApiException(403, 50013, "Missing Permissions");
        context.Bot.FailSendsStartingWith = "Answer";

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> hi"));

        Assert.That(context.Bot.Sent.Single().Content, Is.EqualTo(UserMessages.DiscordFailure));
        Assert.That(context.Log.Entries.Single(e => e.Level == LogLevel.Error).Exception, Is.InstanceOf<DiscordApiException>());
        Assert.That(context.Bot.TypingStopped, Is.EqualTo(1));
    }

    [Test]
    public async Task Streaming_AnswerDeletedWhileWritten_StopsQuietly_WithoutAnApology()
    {
        (_, FakeCogContext context) = await CreateSutAsync("""{"streamEditIntervalMs": 1000}""");
        string answer = string.Join(" ", Enumerable.Range(0, 120).Select(i => $"word{i}"));
        context.FakeLlm.Respond = _ => new LlmResult { Outcome = LlmOutcome.Ok, Text = answer };
        context.FakeLlm.StreamPieceLength = 20;
        context.FakeLlm.StreamDelay = TimeSpan.FromMilliseconds(300);
        // The first post goes out; every later edit finds it gone, as Discord answers for a deleted message.
        context.Bot.EditFailure = new DiscordApiException(404, 10008, "Unknown Message");

        await context.Clock.AdvanceUntilAsync(context.Bot.DeliverAsync(TestMessages.Mention("<@100> stream it")), TimeSpan.FromMilliseconds(100));

        Assert.That(context.Bot.Sent, Has.Count.EqualTo(1), "no \"couldn't post my answer\" for an answer someone deleted");
        Assert.That(context.Bot.SentContents, Has.None.EqualTo(UserMessages.DiscordFailure));
        Assert.That(context.Log.Entries.Where(e => e.Level >= LogLevel.Error), Is.Empty);
        Assert.That(context.Bot.TypingStopped, Is.EqualTo(1));
    }

    [Test]
    public async Task DiscordRefusesEverything_HandlerStillCompletesQuietly()
    {
        (_, FakeCogContext context) = await CreateSutAsync();
        context.Bot.SendFailure = new DiscordApiException(0, 0, "connection refused");

        await Assert.DoesNotThrowAsync(async () => await context.Bot.DeliverAsync(TestMessages.Mention("<@100> hi")));
        await Assert.DoesNotThrowAsync(async () => await context.Bot.DeliverAsync(TestMessages.Mention("<@100>")));

        Assert.That(context.Log.Entries.Count(e => e.Level == LogLevel.Error), Is.EqualTo(3));
    }

    [TestCase("")]
    [TestCase("<@")]
    [TestCase("<@100")]
    [TestCase("<@&>")]
    [TestCase("\0\u0001\uFFFF")]
    [TestCase("\uD83D")]
    [TestCase("```")]
    [TestCase("<@100> ```\n```\n```")]
    public async Task OddContent_NeverThrows(string content)
    {
        (_, FakeCogContext context) = await CreateSutAsync();

        await Assert.DoesNotThrowAsync(async () => await context.Bot.DeliverAsync(TestMessages.Mention(content)));
        Assert.That(context.Log.Entries.Where(e => e.Level >= LogLevel.Error), Is.Empty);
    }

    [Test]
    public async Task DuplicateDelivery_IsAnsweredOnce()
    {
        (_, FakeCogContext context) = await CreateSutAsync("""{"cacheTtlSeconds": 0}""");
        DiscordMessage question = TestMessages.Mention("<@100> once");

        await context.Bot.DeliverAsync(question);
        await context.Bot.DeliverAsync(question);

        Assert.That(context.Bot.Sent, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Logs_ByDefault_NeverContainPromptOrAnswer()
    {
        (_, FakeCogContext context) = await CreateSutAsync();
        context.FakeLlm.Respond = _ => new LlmResult { Outcome = LlmOutcome.Ok, Text = "ANSWER-SECRET-42" };

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> PROMPT-SECRET-17"));
        context.FakeLlm.Respond = _ => new LlmResult { Outcome = LlmOutcome.Timeout, Detail = "timed out" };
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> PROMPT-SECRET-18"));
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> " + new string('X', 5000)));

        string logs = context.Log.AllText();
        Assert.That(context.Log.Entries, Is.Not.Empty);
        Assert.That(logs, Does.Not.Contain("SECRET").And.Not.Contain("XXXXX"));
    }

    [Test]
    public async Task Logs_WithLogContent_ContainPromptAndAnswer()
    {
        (_, FakeCogContext context) = await CreateSutAsync("""{"logContent": true}""");
        context.FakeLlm.Respond = _ => new LlmResult { Outcome = LlmOutcome.Ok, Text = "ANSWER-SECRET-42" };

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> PROMPT-SECRET-17"));

        string logs = context.Log.AllText();
        Assert.That(logs, Does.Contain("PROMPT-SECRET-17").And.Contain("ANSWER-SECRET-42"));
    }

    [Test]
    public async Task StartAsync_InvalidSettings_ThrowsNamingTheKey()
    {
        FakeCogContext context = NewContext("""{"streamEditIntervalMs": 5}""");

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () => await new MessageHandlerCog().StartAsync(context, CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain("streamEditIntervalMs"));
        Assert.That(context.Bot.IsSubscribed, Is.False);
    }

    [Test]
    public async Task StartAsync_Twice_Throws()
    {
        (MessageHandlerCog cog, FakeCogContext context) = await CreateSutAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await cog.StartAsync(context, CancellationToken.None));
    }

    [Test]
    public async Task HandleAsync_SlowAnswer_DoesNotHoldUpTheNextQuestion()
    {
        (MessageHandlerCog cog, FakeCogContext context) = await CreateSutAsync();
        context.Bot.AfterDelivery = null; // deliver like the host: do not wait for the answer
        context.FakeLlm.Gate = new TaskCompletionSource();

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> first, slow")).WaitAsync(TimeSpan.FromSeconds(30));
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> second")).WaitAsync(TimeSpan.FromSeconds(30));
        bool bothAsked = SpinWait.SpinUntil(() => context.FakeLlm.Requests.Count == 2, TimeSpan.FromSeconds(30));
        context.FakeLlm.Gate.SetResult();
        await cog.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(bothAsked, Is.True, "the second question reached the model while the first was still waiting");
        Assert.That(context.Bot.Sent, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task StopAsync_AnswerInFlight_FinishesItThenUnsubscribesAndDisposesOwnLimiters()
    {
        (MessageHandlerCog cog, FakeCogContext context) = await CreateSutAsync("""{"userRateLimit": {"capacity": 5, "periodSeconds": 1}}""");
        context.FakeLlm.Gate = new TaskCompletionSource();
        Task handling = context.Bot.DeliverAsync(TestMessages.Mention("<@100> slow"));
        Assert.That(handling.IsCompleted, Is.False, "the request is waiting for the model");

        Task stopping = cog.StopAsync(CancellationToken.None).AsTask();
        Assert.That(stopping.IsCompleted, Is.False, "stop waits for the answer in flight");
        Assert.That(context.Bot.IsSubscribed, Is.False, "no new questions reach a stopping instance");
        context.FakeLlm.Gate.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(handling.IsCompleted, Is.True);
        Assert.That(context.Bot.Sent, Has.Count.EqualTo(1), "the question being answered still gets its answer");
        Assert.That(context.FakeRateLimits.Created.Single().IsDisposed, Is.True);
        Assert.That(((FakeKeyedRateLimiter)context.FakeRateLimits.PerUser).IsDisposed, Is.False, "the host's buckets are the host's");
        Assert.That(context.Bot.TypingStopped, Is.EqualTo(context.Bot.TypingStarted));
        Assert.That(context.Log.Entries.Where(e => e.Level >= LogLevel.Error), Is.Empty);
    }

    [Test]
    public async Task StopAsync_DeadlinePasses_CutsTheAnswerInFlightAndTellsTheUser()
    {
        (MessageHandlerCog cog, FakeCogContext context) = await CreateSutAsync();
        context.FakeLlm.Gate = new TaskCompletionSource();
        DiscordMessage question = TestMessages.Mention("<@100> slow");
        Task handling = context.Bot.DeliverAsync(question);
        using var deadline = new CancellationTokenSource();

        Task stopping = cog.StopAsync(deadline.Token).AsTask();
        await deadline.CancelAsync();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
        await handling.WaitAsync(TimeSpan.FromSeconds(30));

        SentMessage notice = context.Bot.Sent.Single();
        Assert.That(notice.Content, Is.EqualTo(UserMessages.RestartedWhileAnswering), "an answer cut at the stop deadline ends with a notice");
        Assert.That(notice.ReplyToMessageId, Is.EqualTo(question.Id));
        Assert.That(context.Bot.TypingStopped, Is.EqualTo(context.Bot.TypingStarted));
        Assert.That(context.Log.Entries.Where(e => e.Level >= LogLevel.Error), Is.Empty);
        Assert.That(context.Log.AllText(), Does.Contain($"Answer to message {question.Id} was cut by the cog's stop deadline"));
    }

    [Test]
    public async Task StopAsync_DeadlinePassesAndTheNoticeFails_TheSummaryDoesNotClaimTheUserWasTold()
    {
        (MessageHandlerCog cog, FakeCogContext context) = await CreateSutAsync();
        context.FakeLlm.Gate = new TaskCompletionSource();
        context.Bot.SendFailure = new DiscordApiException(503, 0, "503: Service Unavailable");
        Task handling = context.Bot.DeliverAsync(TestMessages.Mention("<@100> slow"));
        using var deadline = new CancellationTokenSource();

        Task stopping = cog.StopAsync(deadline.Token).AsTask();
        await deadline.CancelAsync();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
        await handling.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(context.Bot.Sent, Is.Empty);
        Assert.That(context.Log.AllText(), Does.Contain("MessageHandler stopped (1 answer(s) still running at the stop deadline were cut; 1 of their users could not be told)"));
    }

    [Test]
    public async Task StopAsync_DeadlinePassesWhileStreaming_ThePartialAnswerIsMarkedAsCut()
    {
        string answer = string.Join(" ", Enumerable.Range(0, 200).Select(i => $"word{i}"));

        string shown = await ShownWhenStoppedMidStreamAsync(answer);

        Assert.That(shown, Does.StartWith("word0 word1"));
        Assert.That(shown, Does.EndWith("\n\n" + UserMessages.CutByRestart), "the cut answer says it was cut");
        Assert.That(shown.Length, Is.LessThan(answer.Length), "the answer really was cut");
    }

    [Test]
    public async Task StopAsync_DeadlinePassesInsideACodeBlock_TheBlockIsClosedBeforeTheCutNote()
    {
        string answer = "```csharp\n" + string.Join("\n", Enumerable.Range(0, 200).Select(i => $"Console.WriteLine({i});")) + "\n```";

        string shown = await ShownWhenStoppedMidStreamAsync(answer);

        Assert.That(shown, Does.StartWith("```csharp\nConsole.WriteLine(0);"));
        Assert.That(shown, Does.EndWith("\n```\n\n" + UserMessages.CutByRestart), "the note follows the closed block, not inside it");
        Assert.That(MessageSplitter.HasBalancedFences(shown), Is.True);
    }

    /// <summary>
    /// Streams <paramref name="answer"/> slowly, stops the cog with its deadline already passed once the first message
    /// is posted, and returns what that message shows at the end.
    /// </summary>
    private async Task<string> ShownWhenStoppedMidStreamAsync(string answer)
    {
        (MessageHandlerCog cog, FakeCogContext context) = await CreateSutAsync("""{"streamEditIntervalMs": 1000}""");
        context.FakeLlm.Respond = _ => new LlmResult { Outcome = LlmOutcome.Ok, Text = answer };
        context.FakeLlm.StreamPieceLength = 20;
        context.FakeLlm.StreamDelay = TimeSpan.FromMilliseconds(300);
        Task handling = context.Bot.DeliverAsync(TestMessages.Mention("<@100> stream it"));
        await context.Clock.AdvanceUntilAsync(() => context.Bot.Sent.Count == 1, TimeSpan.FromMilliseconds(100));
        using var deadline = new CancellationTokenSource();

        Task stopping = cog.StopAsync(deadline.Token).AsTask();
        await deadline.CancelAsync();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
        await handling.WaitAsync(TimeSpan.FromSeconds(30));

        return context.Bot.Stored[context.Bot.Sent.Single().Id].Content;
    }

    [Test]
    public async Task Unloading_DoesNotCancelTheAnswerInFlight()
    {
        (MessageHandlerCog cog, FakeCogContext context) = await CreateSutAsync();
        context.FakeLlm.Gate = new TaskCompletionSource();
        Task handling = context.Bot.DeliverAsync(TestMessages.Mention("<@100> slow"));

        context.SignalUnloading();
        context.FakeLlm.Gate.SetResult();
        await handling.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(context.Bot.Sent, Has.Count.EqualTo(1));
        await cog.StopAsync(CancellationToken.None);
    }

    [Test]
    public async Task StopAsync_AfterStop_MessagesAreIgnored()
    {
        (MessageHandlerCog cog, FakeCogContext context) = await CreateSutAsync();

        await cog.StopAsync(CancellationToken.None);
        await cog.StopAsync(CancellationToken.None);
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> late"));

        Assert.That(context.Bot.Sent, Is.Empty);
    }
}
