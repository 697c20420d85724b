using AndyAI.Abstractions.Memory;
using AndyAI.Abstractions.Storage;

namespace AndyAI.Storage.Tests;

[TestFixtureSource(typeof(Engines), nameof(Engines.All))]
public sealed class ConversationMemoryTests(DatabaseKind kind)
{
    private const ulong Alice = 1001;
    private const ulong Bob = 1002;
    private const ulong General = 2001;
    private const ulong Random = 2002;
    private const ulong Guild = 3001;
    private StorageSut _sut = null!;
    private ulong _nextMessage = 900_000_000_000_000_000;

    [SetUp]
    public async Task SetUpAsync() => _sut = await StorageSut.StartAsync(kind);

    [TearDown]
    public async Task TearDownAsync() => await _sut.DisposeAsync();

    [Test]
    public async Task Mentions_InTheIdleWindow_ContinueTheConversation_OldestFirst()
    {
        ConversationTurn first = await AskAsync(Alice, General, "what is a monad?", "a monoid in the category of endofunctors");
        _sut.Time.Advance(TimeSpan.FromMinutes(10));
        ConversationTurn second = await AskAsync(Alice, General, "simpler please", "a box you can chain");
        _sut.Time.Advance(TimeSpan.FromMinutes(29));

        ConversationHistory history = await FindAsync(Alice, General);

        Assert.That(history.Turns.Select(t => (t.UserText, t.AnswerText)), Is.EqualTo(new[] { (first.UserText, first.AnswerText), (second.UserText, second.AnswerText) }));
        Assert.That(history.Turns[0].Model, Is.EqualTo("gpt-test"));
        Assert.That(history.Turns[0].PromptTokens, Is.EqualTo(12));
        Assert.That(history.Turns[0].GuildId, Is.EqualTo(Guild));
        Assert.That(history.LastTurnId, Is.Not.Null);
    }

    [Test]
    public async Task Mention_AfterTheIdleWindow_StartsFresh()
    {
        await AskAsync(Alice, General, "q1", "a1");
        _sut.Time.Advance(TimeSpan.FromMinutes(31));

        ConversationHistory history = await FindAsync(Alice, General);

        Assert.That(history.Turns, Is.Empty);
        Assert.That(history.LastTurnId, Is.Null);
    }

    [Test]
    public async Task Conversations_AreKeptApart_PerUserAndChannel()
    {
        await AskAsync(Alice, General, "alice in general", "a");
        await AskAsync(Bob, General, "bob in general", "b");
        await AskAsync(Alice, Random, "alice in random", "c");

        Assert.That((await FindAsync(Alice, General)).Turns.Select(t => t.UserText), Is.EqualTo(new[] { "alice in general" }));
        Assert.That((await FindAsync(Bob, General)).Turns.Select(t => t.UserText), Is.EqualTo(new[] { "bob in general" }));
        Assert.That((await FindAsync(Alice, Random)).Turns.Select(t => t.UserText), Is.EqualTo(new[] { "alice in random" }));
    }

    [Test]
    public async Task Reply_ToAnyPartOfAnAnswer_ContinuesThatChain_EvenAfterTheIdleWindow_AndBranches()
    {
        ConversationTurn root = await AskAsync(Alice, General, "root", "root answer", answerParts: 2);
        ConversationTurn next = await AskAsync(Alice, General, "next", "next answer");
        _sut.Time.Advance(TimeSpan.FromDays(2));

        ConversationHistory toNext = await FindAsync(Bob, General, replyTo: next.AnswerMessageIds[0]);
        ConversationHistory toRootSecondPart = await FindAsync(Bob, General, replyTo: root.AnswerMessageIds[1]);
        ConversationHistory toQuestion = await FindAsync(Bob, General, replyTo: root.QuestionMessageId);
        ConversationHistory toUnknown = await FindAsync(Bob, General, replyTo: 42);

        Assert.That(toNext.Turns.Select(t => t.UserText), Is.EqualTo(new[] { "root", "next" }));
        Assert.That(toNext.IsReplyChainKnown, Is.True);
        Assert.That(toRootSecondPart.Turns.Select(t => t.UserText), Is.EqualTo(new[] { "root" }), "a reply to an older answer branches from there");
        Assert.That(toQuestion.Turns.Select(t => t.UserText), Is.EqualTo(new[] { "root" }));
        Assert.That(toUnknown.IsReplyChainKnown, Is.False);
        Assert.That(toUnknown.Turns, Is.Empty);
    }

    [Test]
    public async Task InAThread_EveryonesTurnsAreTheConversation_NewestMaxTurns_AndNoIdleWindow()
    {
        const ulong Thread = 2003;
        await AskAsync(Alice, Thread, "alice starts the thread", "a1", isThread: true);
        _sut.Time.Advance(TimeSpan.FromHours(5));
        await AskAsync(Bob, Thread, "bob joins in", "b1", isThread: true);
        await AskAsync(Alice, General, "alice elsewhere", "x");
        await AskAsync(Alice, Thread, "alice again", "a2", isThread: true);
        _sut.Time.Advance(TimeSpan.FromDays(2));

        ConversationHistory forBob = await FindAsync(Bob, Thread, isThread: true);
        ConversationHistory newestTwo = await FindAsync(Bob, Thread, maxTurns: 2, isThread: true);
        ConversationHistory replyInThread = await FindAsync(Bob, Thread, replyTo: 42, isThread: true);
        ConversationHistory notAsThread = await FindAsync(Bob, Thread);

        Assert.That(forBob.Turns.Select(t => t.UserText), Is.EqualTo(new[] { "alice starts the thread", "bob joins in", "alice again" }),
            "everyone's turns in the thread, oldest first, days after the idle window");
        Assert.That(newestTwo.Turns.Select(t => t.UserText), Is.EqualTo(new[] { "bob joins in", "alice again" }));
        Assert.That(replyInThread.Turns, Has.Count.EqualTo(3), "in a thread the thread is the conversation, even for a reply");
        Assert.That(notAsThread.Turns, Is.Empty, "the same channel without the thread flag: Bob's own idle window, long past");
        Assert.That(forBob.LastTurnId, Is.Not.Null);
    }

    [Test]
    public async Task Find_ReturnsOnlyTheNewestMaxTurns()
    {
        for (int i = 1; i <= 6; i++)
        {
            await AskAsync(Alice, General, "q" + i, "a" + i);
        }

        ConversationHistory history = await FindAsync(Alice, General, maxTurns: 3);

        Assert.That(history.Turns.Select(t => t.UserText), Is.EqualTo(new[] { "q4", "q5", "q6" }));
    }

    [Test]
    public async Task Forget_ThisChannel_DeletesOnlyThatUsersTurnsThere()
    {
        ConversationTurn inGeneral = await AskAsync(Alice, General, "a-general", "x");
        await AskAsync(Alice, Random, "a-random", "x");
        await AskAsync(Bob, General, "b-general", "x");

        int deleted = await _sut.Memory.ForgetAsync(Alice, General, CancellationToken.None);

        Assert.That(deleted, Is.EqualTo(1));
        Assert.That((await FindAsync(Alice, General)).Turns, Is.Empty);
        Assert.That((await FindAsync(Alice, General, replyTo: inGeneral.AnswerMessageIds[0])).IsReplyChainKnown, Is.False, "its messages went with it");
        Assert.That((await FindAsync(Alice, Random)).Turns, Has.Count.EqualTo(1));
        Assert.That((await FindAsync(Bob, General)).Turns, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Forget_Everywhere_DeletesEveryTurnOfTheUser()
    {
        await AskAsync(Alice, General, "a-general", "x");
        await AskAsync(Alice, Random, "a-random", "x");
        await AskAsync(Bob, General, "b-general", "x");

        int deleted = await _sut.Memory.ForgetAsync(Alice, null, CancellationToken.None);

        Assert.That(deleted, Is.EqualTo(2));
        Assert.That((await FindAsync(Alice, Random)).Turns, Is.Empty);
        Assert.That((await FindAsync(Bob, General)).Turns, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Purge_DeletesTurnsPastTheRetention_AndKeepsNewerOnes()
    {
        ConversationTurn old = await AskAsync(Alice, General, "old", "x");
        _sut.Time.Advance(TimeSpan.FromDays(20));
        await AskAsync(Bob, General, "new", "x");
        _sut.Time.Advance(TimeSpan.FromDays(11));

        await _sut.Service.PurgeAsync(CancellationToken.None);

        Assert.That((await FindAsync(Alice, General, replyTo: old.AnswerMessageIds[0])).IsReplyChainKnown, Is.False);
        Assert.That(await CountTurnsAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task Purge_RunsOnItsTimer()
    {
        await AskAsync(Alice, General, "old", "x");
        _sut.Time.Advance(TimeSpan.FromDays(31));

        // The service purged at start (nothing then); its next purge is one PurgeInterval later.
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (await CountTurnsAsync() > 0 && DateTime.UtcNow < deadline)
        {
            _sut.Time.Advance(_sut.Options.PurgeInterval);
            await Task.Delay(20);
        }

        Assert.That(await CountTurnsAsync(), Is.Zero);
    }

    [Test]
    public async Task Memory_SurvivesReopeningTheDatabase()
    {
        await AskAsync(Alice, General, "before the restart", "x");

        await ReopenAsync();

        Assert.That((await FindAsync(Alice, General)).Turns.Select(t => t.UserText), Is.EqualTo(new[] { "before the restart" }));
    }

    [Test]
    public async Task ForgetAsync_WhileUnavailable_ThrowsAndDeletesNothing()
    {
        await AskAsync(Alice, General, "kept", "x");
        _sut.Access.MarkUnavailable(new TimeoutException("test outage"));

        await Assert.ThrowsAsync<StorageUnavailableException>(async () => await _sut.Memory.ForgetAsync(Alice, null, CancellationToken.None));

        _sut.Access.MarkAvailable(0);
        Assert.That((await FindAsync(Alice, General)).Turns, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task DuringAnOutage_FindIsEmpty_AppendsAreHeld_AndWrittenWhenTheProbeReachesTheDatabase()
    {
        await AskAsync(Alice, General, "before", "x");
        _sut.Access.MarkUnavailable(new TimeoutException("test outage"));

        ConversationHistory during = await FindAsync(Alice, General);
        await AskAsync(Alice, General, "during", "y");
        Assert.That(during.Turns, Is.Empty, "no memory while unavailable");
        Assert.That(_sut.Memory.BacklogCount, Is.EqualTo(1));

        await _sut.Service.TryRecoverAsync(CancellationToken.None);

        Assert.That(_sut.Memory.IsAvailable, Is.True);
        Assert.That(_sut.Memory.BacklogCount, Is.Zero);
        Assert.That(await CountTurnsAsync(), Is.EqualTo(2), "nothing lost");
    }

    private async Task ReopenAsync()
    {
        StorageOptions options = _sut.Options;
        await _sut.DisposeAsync();
        _sut = await StorageSut.CreateAsync(kind, o => o.DatabaseUrl = options.DatabaseUrl, sqliteFile: options.SqlitePath);
        await _sut.Service.StartAsync(CancellationToken.None);
    }

    private async Task<long> CountTurnsAsync() => await _sut.Access.RunAsync("count", write: false, async (connection, ct) =>
    {
        using System.Data.Common.DbCommand count = Database.Command(connection, "SELECT COUNT(*) FROM conversation_turns;");
        return Convert.ToInt64(await count.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }, CancellationToken.None);

    private async Task<ConversationHistory> FindAsync(ulong user, ulong channel, ulong? replyTo = null, int maxTurns = 10, bool isThread = false) =>
        await _sut.Memory.FindAsync(new ConversationQuery
        {
            UserId = user, ChannelId = channel, GuildId = Guild, ReplyToMessageId = replyTo, MaxTurns = maxTurns, IsThread = isThread,
        }, CancellationToken.None);

    /// <summary>What the MessageHandler does per answered question: find the conversation, then append the turn to it.</summary>
    private async Task<ConversationTurn> AskAsync(ulong user, ulong channel, string question, string answer, int answerParts = 1, bool isThread = false)
    {
        ulong questionId = ++_nextMessage;
        ConversationHistory history = await FindAsync(user, channel, isThread: isThread);
        var turn = new ConversationTurn
        {
            UserId = user,
            ChannelId = channel,
            GuildId = Guild,
            QuestionMessageId = questionId,
            AnswerMessageIds = [.. Enumerable.Range(0, answerParts).Select(_ => ++_nextMessage)],
            UserText = question,
            AnswerText = answer,
            Model = "gpt-test",
            PromptTokens = 12,
            CompletionTokens = 34,
        };
        await _sut.Memory.AppendAsync(history, turn, CancellationToken.None);
        return turn;
    }
}
