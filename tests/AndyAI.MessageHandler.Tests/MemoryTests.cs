using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Llm;
using AndyAI.Abstractions.Memory;
using AndyAI.Cogs.MessageHandler.Tests.Fakes;

namespace AndyAI.Cogs.MessageHandler.Tests;

/// <summary>The cog on the host's conversation memory (the kit's in-memory fake, with the host's rules).</summary>
public sealed class MemoryTests : RunningCogFixture
{
    private async Task<FakeCogContext> CreateSutAsync(string settings = "{}") => (await StartCogAsync(settings)).Context;

    [Test]
    public async Task SecondMention_CarriesTheFirstExchange_AndTheTurnIsRecorded()
    {
        FakeCogContext context = await CreateSutAsync();
        DiscordMessage first = TestMessages.Mention("<@100> what is a monad?");
        await context.Bot.DeliverAsync(first);
        context.Clock.Advance(TimeSpan.FromMinutes(5));

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> simpler please"));

        Assert.That(context.FakeLlm.Requests.Last().Messages, Is.EqualTo(new[]
        {
            new ChatTurn(ChatRole.User, "what is a monad?"),
            new ChatTurn(ChatRole.Assistant, "Answer to: what is a monad?"),
            new ChatTurn(ChatRole.User, "simpler please"),
        }));
        ConversationTurn stored = context.FakeMemory.Turns[0];
        Assert.That((stored.UserId, stored.ChannelId, stored.GuildId, stored.QuestionMessageId), Is.EqualTo((Ids.Alice, Ids.Channel, (ulong?)Ids.Guild, first.Id)));
        Assert.That(stored.AnswerMessageIds, Is.EqualTo(new[] { context.Bot.Sent[0].Id }));
        Assert.That((stored.UserText, stored.AnswerText), Is.EqualTo(("what is a monad?", "Answer to: what is a monad?")));
    }

    [Test]
    public async Task OtherUser_OrAfterTheIdleWindow_StartsFresh()
    {
        FakeCogContext context = await CreateSutAsync();
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> first"));

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> from bob", author: Ids.Bob));
        context.Clock.Advance(TimeSpan.FromMinutes(31));
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> much later"));

        Assert.That(context.FakeLlm.Requests.Skip(1).Select(r => r.Messages.Count), Is.EqualTo(new[] { 1, 1 }));
    }

    [Test]
    public async Task ReplyToAStoredAnswer_UsesMemory_WithoutFetchingFromDiscord()
    {
        FakeCogContext context = await CreateSutAsync();
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> root"));
        context.Clock.Advance(TimeSpan.FromHours(5));
        ulong answerId = context.Bot.Sent[0].Id;

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> follow-up", author: Ids.Bob) with { ReferencedMessageId = answerId });

        Assert.That(context.FakeLlm.Requests.Last().Messages.Select(m => m.Text), Is.EqualTo(new[] { "root", "Answer to: root", "follow-up" }));
        Assert.That(context.Bot.Fetched, Is.Empty);
    }

    [Test]
    public async Task History_KeepsToTheMessageBudget_NewestFirst()
    {
        FakeCogContext context = await CreateSutAsync("""{ "historyMaxMessages": 3 }""");
        for (int i = 1; i <= 4; i++)
        {
            await context.Bot.DeliverAsync(TestMessages.Mention($"<@100> q{i}"));
        }

        Assert.That(context.FakeLlm.Requests.Last().Messages.Select(m => m.Text), Is.EqualTo(new[] { "Answer to: q2", "q3", "Answer to: q3", "q4" }));
    }

    [Test]
    public async Task MemoryUnavailable_StillAnswers_WithoutContext()
    {
        FakeCogContext context = await CreateSutAsync();
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> first"));
        context.FakeMemory.IsAvailable = false;

        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> second"));

        Assert.That(context.FakeLlm.Requests.Last().Messages, Has.Count.EqualTo(1));
        Assert.That(context.Bot.Sent[^1].Content, Is.EqualTo("Answer to: second"));
    }

    [Test]
    public async Task ForgetCommand_Here_ThenTheNextMentionStartsFresh()
    {
        FakeCogContext context = await CreateSutAsync();
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> remember this"));
        var forget = new FakeCommandContext(new Dictionary<string, object?> { ["where"] = "here" })
        {
            Message = TestMessages.Mention("!forget"),
            InvokedAs = "forget",
        };

        await context.FakeCommands["forget"].Handler(forget, CancellationToken.None);
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> what did I say?"));

        Assert.That(forget.Replies.Single(), Does.StartWith("Done: I forgot our conversation in this channel (1 exchange)"));
        Assert.That(context.FakeLlm.Requests.Last().Messages, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ForgetCommand_UnknownScope_ExplainsUsage_AndDeletesNothing()
    {
        FakeCogContext context = await CreateSutAsync();
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> keep"));
        var forget = new FakeCommandContext(new Dictionary<string, object?> { ["where"] = "yesterday" }) { Message = TestMessages.Mention("!forget yesterday"), InvokedAs = "forget" };

        await context.FakeCommands["forget"].Handler(forget, CancellationToken.None);

        Assert.That(forget.Replies.Single(), Does.Contain("`!forget everywhere`"));
        Assert.That(context.FakeMemory.Turns, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SlashForget_Everywhere_IsPrivate_AndCoversEveryChannel()
    {
        FakeCogContext context = await CreateSutAsync();
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> in one channel"));
        await context.Bot.DeliverAsync(TestMessages.Direct("in a DM"));
        await context.Bot.DeliverAsync(TestMessages.Mention("<@100> bob's", author: Ids.Bob));
        var interaction = new FakeInteractionContext { CommandName = "forget", User = new DiscordUser(Ids.Alice, "alice", false), ChannelId = 999 };
        interaction.Options["where"] = "everywhere";

        await context.FakeInteractions["forget"].Handler(interaction, CancellationToken.None);

        Assert.That(interaction.Replies.Single().Reply.Ephemeral, Is.True);
        Assert.That(interaction.Replies.Single().Reply.Content, Does.Contain("Done: I forgot our conversations everywhere (2 exchanges)"));
        Assert.That(context.FakeMemory.Turns.Select(t => t.UserId), Is.EqualTo(new[] { Ids.Bob }));
    }

    [Test]
    public async Task SlashForget_WhileTheDatabaseIsDown_SaysNothingWasDeleted()
    {
        FakeCogContext context = await CreateSutAsync();
        context.FakeMemory.IsAvailable = false;
        var interaction = new FakeInteractionContext { CommandName = "forget", User = new DiscordUser(Ids.Alice, "alice", false) };

        await context.FakeInteractions["forget"].Handler(interaction, CancellationToken.None);

        Assert.That(interaction.Replies.Single().Reply.Content, Does.Contain("nothing was deleted"));
    }
}
