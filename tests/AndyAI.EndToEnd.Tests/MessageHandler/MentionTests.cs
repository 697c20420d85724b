using System.Text;
using AndyAI.Emulator;
using AndyAI.Emulator.OpenAi;
using AndyAI.EndToEnd.Tests.Harness;

namespace AndyAI.EndToEnd.Tests.MessageHandler;

/// <summary>
/// The MessageHandler cog answering mentions and DMs, end to end: the real host loads the real cog DLL through the
/// plugin manager, talks to the Discord emulator over loopback REST + gateway and to the OpenAI fake. Every test
/// uses its own channel and its own prompt, so the tests share one bot without seeing each other.
/// </summary>
[TestFixture]
internal sealed class MentionTests
{
    private BotHarness _bot = null!;

    [OneTimeSetUp]
    public async Task StartBot() => _bot = await BotHarness.StartAsync(new BotSetup());

    [OneTimeTearDown]
    public async Task StopBot() => await _bot.DisposeAsync();

    [TearDown]
    public void ResetFake()
    {
        _bot.Llm.ClearFaults();
        _bot.Llm.Options.Latency = TimeSpan.Zero;
    }

    private int ChatRequestsFor(string prompt) => _bot.Llm.Requests.Count(r => r.Chat?.LastUserMessage == prompt);

    [Test]
    public async Task Mention_AnswersWithTypingThenAReplyReferencingTheQuestion()
    {
        ulong channel = _bot.NewChannel("mention");

        EmulatorMessage question = await _bot.PostAsync(_bot.Discord.AliceUserId, channel, $"{_bot.Mention} what is a token bucket?");
        IReadOnlyList<EmulatorMessage> answer = await _bot.WaitForAnswerAsync(question.Id, "echo: what is a token bucket?");

        RecordedRequest typing = _bot.Discord.Requests.First(r => r.Method == "POST" && r.Path.EndsWith($"/channels/{channel}/typing", StringComparison.Ordinal));
        RecordedRequest firstPost = _bot.Discord.Requests.First(r => r.Method == "POST" && r.Path.EndsWith($"/channels/{channel}/messages", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(answer, Has.Count.EqualTo(1));
            Assert.That(answer[0].ReferencedMessageId, Is.EqualTo(question.Id));
            Assert.That(answer[0].ChannelId, Is.EqualTo(channel));
            Assert.That(typing.Timestamp, Is.LessThanOrEqualTo(firstPost.Timestamp), "typing starts before the answer is posted");
            Assert.That(_bot.Llm.Requests.Last(r => r.Chat is not null).Chat!.LastUserMessage, Is.EqualTo("what is a token bucket?"), "the mention token is stripped from the prompt");
        });
    }

    [Test]
    public async Task SameQuestionTwice_SecondIsServedFromTheCache()
    {
        ulong channel = _bot.NewChannel("cache");
        const string prompt = "how long does the cache keep answers?";

        EmulatorMessage first = await _bot.PostAsync(_bot.Discord.AliceUserId, channel, $"{_bot.Mention} {prompt}");
        await _bot.WaitForAnswerAsync(first.Id, "echo: " + prompt);
        EmulatorMessage second = await _bot.PostAsync(_bot.Discord.BobUserId, channel, $"{_bot.Mention}   {prompt}  ");
        await _bot.WaitForAnswerAsync(second.Id, "echo: " + prompt);

        Assert.That(ChatRequestsFor(prompt), Is.EqualTo(1), "the second, identical conversation must not reach the model");
    }

    [Test]
    public async Task RoleMention_IsAnswered()
    {
        ulong channel = _bot.NewChannel("role-mention");

        EmulatorMessage question = await _bot.PostAsync(_bot.Discord.AliceUserId, channel, $"<@&{_bot.Discord.BotRoleId}> does the role mention work?");

        await _bot.WaitForAnswerAsync(question.Id, "echo: does the role mention work?");
    }

    [Test]
    public async Task LegacyNicknameMention_IsAnswered()
    {
        ulong channel = _bot.NewChannel("legacy-mention");

        EmulatorMessage question = await _bot.PostAsync(_bot.Discord.AliceUserId, channel, $"<@!{_bot.BotUserId}> does the legacy mention work?");

        await _bot.WaitForAnswerAsync(question.Id, "echo: does the legacy mention work?");
    }

    [Test]
    public async Task DirectMessage_IsAnsweredWithoutAMention()
    {
        ulong dm = _bot.Discord.CreateDmChannel(_bot.Discord.BobUserId);

        EmulatorMessage question = await _bot.PostAsync(_bot.Discord.BobUserId, dm, "can you answer in private?");
        IReadOnlyList<EmulatorMessage> answer = await _bot.WaitForAnswerAsync(question.Id, "echo: can you answer in private?");

        Assert.That(answer[0].ChannelId, Is.EqualTo(dm));
    }

    [Test]
    public async Task MessageWithoutMention_GetsNothing()
    {
        ulong channel = _bot.NewChannel("no-mention");
        const string text = "just chatting about token buckets with nobody";

        await _bot.PostAsync(_bot.Discord.AliceUserId, channel, text);
        IReadOnlyList<EmulatorMessage> sent = await _bot.SentToChannelAfterMarkersAsync(channel);

        Assert.Multiple(() =>
        {
            Assert.That(sent, Is.Empty);
            Assert.That(ChatRequestsFor(text), Is.Zero);
            Assert.That(_bot.Discord.Requests.Any(r => r.Path.EndsWith($"/channels/{channel}/typing", StringComparison.Ordinal)), Is.False, "no typing either");
        });
    }

    [Test]
    public async Task EmptyMention_GetsTheUsageHint()
    {
        ulong channel = _bot.NewChannel("empty-mention");
        int before = _bot.ChatRequestCountWithoutMarkers;

        EmulatorMessage question = await _bot.PostAsync(_bot.Discord.AliceUserId, channel, $"  {_bot.Mention}   ");
        EmulatorMessage hint = await _bot.WaitForReplyAsync(question.Id);
        IReadOnlyList<EmulatorMessage> sent = await _bot.SentToChannelAfterMarkersAsync(channel);

        Assert.Multiple(() =>
        {
            Assert.That(hint.Content, Does.StartWith("Mention me with a question"));
            Assert.That(hint.Content, Does.Not.Contain("\n"), "a one-line hint");
            Assert.That(sent, Has.Count.EqualTo(1));
            Assert.That(_bot.ChatRequestCountWithoutMarkers, Is.EqualTo(before), "an empty prompt never reaches the model");
        });
    }

    [Test]
    public async Task LongAnswerWithCodeBlock_IsSplitIntoThreeMessagesWithBalancedFences()
    {
        ulong channel = _bot.NewChannel("long-answer");
        const string prompt = "write me a long answer with code";
        string answerText = LongAnswerWithCode();
        Assert.That(answerText, Has.Length.InRange(4400, 4600), "the scenario is a 4,500-character answer");
        _bot.Llm.Options.Answers[prompt] = answerText;

        EmulatorMessage question = await _bot.PostAsync(_bot.Discord.AliceUserId, channel, $"{_bot.Mention} {prompt}");
        await _bot.WaitForReplyAsync(question.Id);
        await _bot.WaitForLogLineAsync(l => l.Contains($"Answered message {question.Id}", StringComparison.Ordinal));
        IReadOnlyList<EmulatorMessage> replies = _bot.RepliesTo(question.Id);

        string joined = string.Join("\n", replies.Select(r => r.Content));
        Assert.Multiple(() =>
        {
            Assert.That(replies, Has.Count.EqualTo(3));
            foreach (EmulatorMessage reply in replies)
            {
                Assert.That(reply.Content, Has.Length.LessThanOrEqualTo(2000));
                Assert.That(CountFences(reply.Content) % 2, Is.Zero, $"unbalanced fences in: {reply.Content}");
                Assert.That(reply.ReferencedMessageId, Is.EqualTo(question.Id));
            }

            Assert.That(replies.Skip(1).Any(r => r.Content.StartsWith("```python", StringComparison.Ordinal)), Is.True, "the code block is reopened with its language");
            // Splits happen at paragraph, line or word boundaries, so compare words: every word, in order, nothing lost.
            Assert.That(Words(joined), Is.EqualTo(Words(answerText)), "nothing of the answer is lost or reordered");
        });
    }

    [Test]
    public async Task ModelOutputWithEveryoneAndRoleMentions_IsSentWithAnEmptyAllowedMentionsParse()
    {
        ulong channel = _bot.NewChannel("mass-mention");
        const string prompt = "please wake everybody up";
        _bot.Llm.Options.Answers[prompt] = $"Sure! @everyone @here <@&{_bot.Discord.ModeratorRoleId}> <@{_bot.Discord.BobUserId}> wake up.";

        EmulatorMessage question = await _bot.PostAsync(_bot.Discord.AliceUserId, channel, $"{_bot.Mention} {prompt}");
        EmulatorMessage reply = await _bot.WaitForReplyAsync(question.Id, m => m.Content.Contains("wake up", StringComparison.Ordinal));
        // The emulator records a request once it has answered it, a moment after the message exists: wait for the record.
        bool IsPost(RecordedRequest r) => r.Method is "POST" or "PATCH" && r.Path.Contains($"/channels/{channel}/messages", StringComparison.Ordinal);
        await _bot.Discord.WaitForRequestAsync(IsPost, BotHarness.HangGuard);
        RecordedRequest[] posts = [.. _bot.Discord.Requests.Where(IsPost)];

        Assert.Multiple(() =>
        {
            Assert.That(reply.AllowedMentions, Is.Not.Null);
            Assert.That(reply.AllowedMentions!.Parse, Is.Not.Null.And.Empty);
            Assert.That(reply.MentionEveryone, Is.False);
            Assert.That(reply.MentionedRoleIds, Is.Empty);
            Assert.That(posts, Is.Not.Empty);
            foreach (RecordedRequest post in posts)
            {
                using System.Text.Json.JsonDocument body = post.ParseBody()!;
                Assert.That(body.RootElement.TryGetProperty("allowed_mentions", out var allowed), Is.True, $"{post} sets allowed_mentions");
                Assert.That(allowed.GetProperty("parse").GetArrayLength(), Is.Zero, $"{post}: {post.Body}");
            }
        });
    }

    [Test]
    public async Task LlmUnauthorized_FriendlyMessageAndAnErrorLog()
    {
        ulong channel = _bot.NewChannel("llm-401");
        _bot.Llm.FailNext(OpenAiFault.Unauthorized);

        EmulatorMessage question = await _bot.PostAsync(_bot.Discord.AliceUserId, channel, $"{_bot.Mention} this will hit a 401");
        EmulatorMessage reply = await _bot.WaitForReplyAsync(question.Id);
        string logLine = await _bot.WaitForLogLineAsync(l => l.Contains($"did not answer message {question.Id}", StringComparison.Ordinal));

        Assert.Multiple(() =>
        {
            Assert.That(reply.Content, Does.Contain("isn't set up correctly"));
            Assert.That(reply.Content, Does.Not.Contain("401").And.Not.Contain("http").And.Not.Contain("e2e-test-key").And.Not.Contain("Exception"));
            Assert.That(logLine, Does.Contain("ERROR"));
            Assert.That(logLine, Does.Contain("Unauthorized"));
            Assert.That(logLine, Does.Not.Contain("e2e-test-key"), "the API key never reaches the log");
        });
    }

    [Test]
    public async Task MentionFollowedByACommandName_GoesToTheCommandNotTheModel()
    {
        ulong channel = _bot.NewChannel("mention-command");
        int before = _bot.ChatRequestCountWithoutMarkers;

        EmulatorMessage question = await _bot.PostAsync(_bot.Discord.AliceUserId, channel, $"{_bot.Mention} uptime");
        EmulatorMessage reply = await _bot.WaitForReplyAsync(question.Id);
        await _bot.PassMarkersAsync();

        Assert.Multiple(() =>
        {
            Assert.That(reply.Content, Does.StartWith("Up "), "the Utility cog's !uptime answered");
            Assert.That(_bot.RepliesTo(question.Id), Has.Count.EqualTo(1));
            Assert.That(_bot.ChatRequestCountWithoutMarkers, Is.EqualTo(before), "a command never reaches the model");
        });
    }

    [Test]
    public async Task PromptOverTheLimit_IsRefusedWithTheLimitStated()
    {
        ulong channel = _bot.NewChannel("too-long");
        string prompt = string.Concat(Enumerable.Repeat("why? ", 80)).TrimEnd();

        EmulatorMessage question = await _bot.PostAsync(_bot.Discord.AliceUserId, channel, $"{_bot.Mention} {prompt}");
        EmulatorMessage reply = await _bot.WaitForReplyAsync(question.Id);

        Assert.Multiple(() =>
        {
            Assert.That(reply.Content, Is.EqualTo($"Your question is {prompt.Length} characters long; the limit is 300. Please shorten it."));
            Assert.That(ChatRequestsFor(prompt), Is.Zero, "nothing is truncated and sent anyway");
        });
    }

    [Test]
    public async Task MentionByAnotherBot_IsIgnored()
    {
        ulong channel = _bot.NewChannel("other-bot");
        ulong otherBot = _bot.Discord.CreateUser("another-bot", bot: true);
        _bot.Discord.AddMember(_bot.Discord.DefaultGuildId, otherBot);

        await _bot.PostAsync(otherBot, channel, $"{_bot.Mention} bots talking to bots");
        IReadOnlyList<EmulatorMessage> sent = await _bot.SentToChannelAfterMarkersAsync(channel);

        Assert.Multiple(() =>
        {
            Assert.That(sent, Is.Empty);
            Assert.That(ChatRequestsFor("bots talking to bots"), Is.Zero);
        });
    }

    [Test]
    public async Task LlmUnavailable_FriendlyMessage()
    {
        ulong channel = _bot.NewChannel("llm-500");
        _bot.Llm.FailNext(OpenAiFault.InternalServerError);

        EmulatorMessage question = await _bot.PostAsync(_bot.Discord.AliceUserId, channel, $"{_bot.Mention} this will hit a 500");
        EmulatorMessage reply = await _bot.WaitForReplyAsync(question.Id);

        Assert.That(reply.Content, Is.EqualTo("My language model is unavailable right now. Please try again later."));
    }

    [Test]
    public async Task ReplyChainOfThreeMessages_ReachesTheModelAsThreePriorTurns()
    {
        ulong channel = _bot.NewChannel("reply-chain");
        EmulatorMessage first = await _bot.PostAsync(_bot.Discord.AliceUserId, channel, $"{_bot.Mention} what is a leaky bucket?");
        EmulatorMessage botAnswer = (await _bot.WaitForAnswerAsync(first.Id, "echo: what is a leaky bucket?"))[0];
        // Bob replies to the bot without pinging it (not a question for the bot), Alice replies to Bob with one.
        EmulatorMessage bob = await _bot.Discord.PostMessageAsync(_bot.Discord.BobUserId, channel, "does it drain at a fixed rate?", botAnswer.Id, mentionRepliedUser: false);

        EmulatorMessage question = await _bot.PostAsync(_bot.Discord.AliceUserId, channel, $"{_bot.Mention} summarise this thread", bob.Id);
        await _bot.WaitForAnswerAsync(question.Id, "echo: summarise this thread");

        OpenAiFakeMessage[] turns = [.. _bot.Llm.Requests.Last(r => r.Chat?.LastUserMessage == "summarise this thread").Chat!.Messages.Where(m => m.Role != "system")];
        Assert.That(turns.Select(t => (t.Role, t.Content)), Is.EqualTo(new[]
        {
            ("user", "what is a leaky bucket?"),
            ("assistant", "echo: what is a leaky bucket?"),
            ("user", "does it drain at a fixed rate?"),
            ("user", "summarise this thread"),
        }));
        Assert.That(_bot.RepliesTo(bob.Id), Is.Empty, "a reply that does not ping the bot is not a question");
    }

    [Test]
    public async Task GatewayResumeDuringARequest_ExactlyOneAnswer()
    {
        ulong channel = _bot.NewChannel("resume");
        const string prompt = "answer me across a resume";
        _bot.Llm.Options.Latency = TimeSpan.FromSeconds(1.5);
        int before = _bot.Llm.ChatRequestCount;

        EmulatorMessage question = await _bot.PostAsync(_bot.Discord.AliceUserId, channel, $"{_bot.Mention} {prompt}");
        using (var guard = new CancellationTokenSource(BotHarness.HangGuard))
        {
            await _bot.Llm.WaitForChatRequestsAsync(before + 1, guard.Token);
        }

        int resumedBefore = _bot.Discord.Frames.Count(f => f.EventName == "RESUMED");
        Assert.That(_bot.Discord.DropGatewayConnections(), Is.GreaterThan(0), "the bot was connected");
        await _bot.Discord.WaitForFramesAsync(f => f.EventName == "RESUMED", resumedBefore + 1, BotHarness.HangGuard);
        await _bot.WaitForAnswerAsync(question.Id, "echo: " + prompt);
        await _bot.PassMarkersAsync();

        Assert.Multiple(() =>
        {
            Assert.That(_bot.RepliesTo(question.Id), Has.Count.EqualTo(1));
            Assert.That(ChatRequestsFor(prompt), Is.EqualTo(1), "the replayed MESSAGE_CREATE must not be answered again");
        });
    }

    private static string[] Words(string text) =>
        text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Where(w => !w.StartsWith("```", StringComparison.Ordinal)).ToArray();

    private static int CountFences(string text)
    {
        int count = 0;
        for (int i = text.IndexOf("```", StringComparison.Ordinal); i >= 0; i = text.IndexOf("```", i + 3, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>About 4,500 characters: a paragraph, a long python block, and a closing paragraph.</summary>
    internal static string LongAnswerWithCode()
    {
        var text = new StringBuilder();
        for (int i = 0; text.Length < 1150; i++)
        {
            text.Append("A token bucket holds up to a fixed number of tokens and refills at a steady pace. ");
        }

        text.Append("\n\n```python\n");
        for (int i = 0; i < 62; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"bucket_{i:00} = take(bucket, tokens={i:00})  # line {i:00}\n");
        }

        text.Append("```\n\n");
        while (text.Length < 4480)
        {
            text.Append("Each request takes one token; an empty bucket means wait. ");
        }

        return text.ToString().TrimEnd();
    }
}
