using AndyAI.Discord.Gateway;
using AndyAI.Discord.Tests.Fakes;
using AndyAI.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Discord.Tests.Gateway;

public class GatewayShardTests
{
    [Test]
    public async Task Identify_AfterHello_SendsTokenIntentsShardAndProperties()
    {
        await using var h = new ShardHarness();
        FakeGatewayConnection connection = await h.Connections.NextAsync();

        connection.Hello();
        FakeGatewayConnection.SentFrame identify = await connection.NextOpAsync(2);

        var d = identify.Json["d"]!;
        Assert.Multiple(() =>
        {
            Assert.That(connection.Uri.Query, Is.EqualTo("?v=10&encoding=json"));
            Assert.That(d["token"]!.GetValue<string>(), Is.EqualTo("test-token"));
            Assert.That(d["intents"]!.GetValue<int>(), Is.EqualTo(DiscordClientOptions.DefaultIntents));
            Assert.That(d["shard"]!.AsArray().Select(n => n!.GetValue<int>()), Is.EqualTo(new[] { 0, 1 }));
            Assert.That(d["properties"]!["os"]!.GetValue<string>(), Is.Not.Empty);
        });
    }

    [Test]
    public async Task Ready_KeepsSessionResumeUrlAndBotIdentity()
    {
        await using var h = new ShardHarness();

        await h.ConnectReadyAsync(botId: 42);

        Assert.Multiple(() =>
        {
            Assert.That(h.Shard.SessionId, Is.EqualTo("sess-1"));
            Assert.That(h.Shard.ResumeUrl, Is.EqualTo(new Uri("wss://resume.example/")));
            Assert.That(h.State.BotUserId, Is.EqualTo(42UL));
            Assert.That(h.State.ApplicationId, Is.EqualTo(7UL));
            Assert.That(h.Shard.Status, Is.EqualTo(GatewayShardStatus.Ready));
        });
    }

    [Test]
    public async Task Heartbeat_FirstAfterIntervalTimesJitter_ThenEveryInterval()
    {
        await using var h = new ShardHarness(random: 0.25);
        DateTimeOffset start = h.Time.GetUtcNow();
        FakeGatewayConnection connection = await h.ConnectReadyAsync(heartbeatMs: 40_000);

        h.Time.Advance(TimeSpan.FromSeconds(10));
        FakeGatewayConnection.SentFrame first = await connection.NextOpAsync(1);
        connection.Ack();
        // The ACK must be read before the next beat is due, or the shard would rightly call the link zombied.
        await Poll.UntilAsync(() => h.Shard.Latency is not null, "the shard to read the ACK");
        h.Time.Advance(TimeSpan.FromSeconds(40));
        FakeGatewayConnection.SentFrame second = await connection.NextOpAsync(1);

        Assert.Multiple(() =>
        {
            Assert.That(first.At, Is.EqualTo(start + TimeSpan.FromSeconds(10)));
            Assert.That(first.Json["d"]!.GetValue<int>(), Is.EqualTo(1), "the last sequence number");
            Assert.That(second.At, Is.EqualTo(start + TimeSpan.FromSeconds(50)));
            Assert.That(connection.ClosedWith, Is.Null);
        });
    }

    [Test]
    public async Task Heartbeat_ServerSendsOp1_AnswersAtOnce()
    {
        await using var h = new ShardHarness(random: 0.9);
        DateTimeOffset start = h.Time.GetUtcNow();
        FakeGatewayConnection connection = await h.ConnectReadyAsync(heartbeatMs: 40_000);

        connection.Push("""{"op":1,"d":null}""");
        FakeGatewayConnection.SentFrame beat = await connection.NextOpAsync(1);

        Assert.That(beat.At, Is.EqualTo(start), "answered without waiting for the schedule");
    }

    [Test]
    public async Task Zombie_NoAckBeforeNextBeat_ClosesNon1000AndResumesAtResumeUrl()
    {
        await using var h = new ShardHarness(random: 0.5);
        FakeGatewayConnection first = await h.ConnectReadyAsync(heartbeatMs: 40_000);
        h.Time.Advance(TimeSpan.FromSeconds(20));
        await first.NextOpAsync(1);

        h.Time.Advance(TimeSpan.FromSeconds(40)); // no ACK came
        // A connection that did not stay healthy for a minute backs off before reconnecting: move the clock.
        FakeGatewayConnection second = await h.AdvanceUntilAsync(h.Connections.NextAsync(), TimeSpan.FromMilliseconds(500));
        second.Hello();
        FakeGatewayConnection.SentFrame resume = await second.NextOpAsync(6);

        Assert.Multiple(() =>
        {
            Assert.That(first.ClosedWith, Is.Not.Null.And.Not.EqualTo(1000));
            Assert.That(second.Uri.Host, Is.EqualTo("resume.example"));
            Assert.That(resume.Json["d"]!["session_id"]!.GetValue<string>(), Is.EqualTo("sess-1"));
            Assert.That(resume.Json["d"]!["seq"]!.GetValue<int>(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Resume_ServerReplaysEventsAlreadySeen_NoEventLostOrDoubled()
    {
        await using var h = new ShardHarness();
        FakeGatewayConnection first = await h.ConnectReadyAsync();
        first.Dispatch("MESSAGE_CREATE", 2, Message(1001));
        await h.NextEventAsync(GatewayEventKind.MessageCreate);

        first.DropSocket();
        // A connection that did not stay healthy for a minute backs off before reconnecting: move the clock.
        FakeGatewayConnection second = await h.AdvanceUntilAsync(h.Connections.NextAsync(), TimeSpan.FromMilliseconds(500));
        second.Hello();
        await second.NextOpAsync(6);
        second.Dispatch("MESSAGE_CREATE", 2, Message(1001)); // replayed: already handled
        second.Dispatch("MESSAGE_CREATE", 3, Message(1002)); // missed while disconnected
        second.Dispatch("RESUMED", 4, "null");
        second.Dispatch("MESSAGE_CREATE", 5, Message(1003));

        var ids = new List<ulong>();
        for (int i = 0; i < 2; i++) ids.Add((await h.NextEventAsync(GatewayEventKind.MessageCreate)).Message!.Id);

        Assert.Multiple(() =>
        {
            Assert.That(ids, Is.EqualTo(new ulong[] { 1002, 1003 }));
            Assert.That(h.State.DuplicatesDropped, Is.EqualTo(1));
            Assert.That(h.Shard.Sequence, Is.EqualTo(5));
        });
    }

    [Test]
    public async Task Op7_Reconnect_ClosesNon1000AndResumesAtResumeUrl()
    {
        await using var h = new ShardHarness();
        FakeGatewayConnection first = await h.ConnectReadyAsync();

        first.Push("""{"op":7,"d":null}""");
        // A connection that did not stay healthy for a minute backs off before reconnecting: move the clock.
        FakeGatewayConnection second = await h.AdvanceUntilAsync(h.Connections.NextAsync(), TimeSpan.FromMilliseconds(500));
        second.Hello();
        await second.NextOpAsync(6);
        second.Dispatch("RESUMED", 2, "null");
        await h.NextEventAsync(GatewayEventKind.Resumed);

        Assert.Multiple(() =>
        {
            Assert.That(first.ClosedWith, Is.EqualTo(4000));
            Assert.That(second.Uri.Host, Is.EqualTo("resume.example"));
            Assert.That(h.State.Resumes, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Op9Resumable_Reconnects_AndResumes()
    {
        await using var h = new ShardHarness();
        FakeGatewayConnection first = await h.ConnectReadyAsync();

        first.Push("""{"op":9,"d":true}""");
        // A connection that did not stay healthy for a minute backs off before reconnecting: move the clock.
        FakeGatewayConnection second = await h.AdvanceUntilAsync(h.Connections.NextAsync(), TimeSpan.FromMilliseconds(500));
        second.Hello();
        FakeGatewayConnection.SentFrame frame = await second.NextSentAsync(f => f.Op is 2 or 6);

        Assert.That(frame.Op, Is.EqualTo(6));
    }

    [Test]
    public async Task Op9NotResumable_WaitsOneToFiveSeconds_ThenIdentifiesAgain()
    {
        await using var h = new ShardHarness(random: 0.5); // 1 + 0.5 × 4 = 3 s
        FakeGatewayConnection first = await h.ConnectReadyAsync();
        DateTimeOffset invalidatedAt = h.Time.GetUtcNow();

        first.Push("""{"op":9,"d":false}""");
        FakeGatewayConnection second = await h.AdvanceUntilAsync(h.Connections.NextAsync(), TimeSpan.FromMilliseconds(500));
        DateTimeOffset reconnectedAt = h.Time.GetUtcNow();
        second.Hello();
        FakeGatewayConnection.SentFrame frame = await h.AdvanceUntilAsync(second.NextSentAsync(f => f.Op is 2 or 6), TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(frame.Op, Is.EqualTo(2), "a fresh IDENTIFY");
            Assert.That(reconnectedAt - invalidatedAt, Is.InRange(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5.5)));
            Assert.That(second.Uri.Host, Is.EqualTo("gateway.example"), "not the dead session's resume URL");
            Assert.That(h.Shard.SessionId, Is.Null.Or.Not.EqualTo("sess-1"));
        });
    }

    [TestCase(4004, "token is invalid")]
    [TestCase(4010, "invalid shard")]
    [TestCase(4011, "sharding required")]
    [TestCase(4012, "invalid API version")]
    [TestCase(4013, "invalid intents")]
    [TestCase(4014, "enable the Message Content intent for this bot in the Developer Portal, or remove it from intents")]
    public async Task FatalCloseCode_StopsWithActionableMessage_AndNeverReconnects(int code, string expected)
    {
        await using var h = new ShardHarness();
        FakeGatewayConnection connection = await h.Connections.NextAsync();
        connection.Hello();
        await connection.NextOpAsync(2);

        connection.ServerClose(code);
        DiscordGatewayException? error = await Assert.ThrowsAsync<DiscordGatewayException>(async () => await h.Run.WaitAsync(TimeSpan.FromSeconds(15)));

        Assert.Multiple(() =>
        {
            Assert.That(error!.CloseCode, Is.EqualTo(code));
            Assert.That(error.Message, Does.Contain(expected));
            Assert.That(h.Connections.TryNext(out _), Is.False);
            Assert.That(h.Shard.Status, Is.EqualTo(GatewayShardStatus.Faulted));
        });
    }

    [TestCase(4000, 6)]
    [TestCase(4001, 6)]
    [TestCase(4002, 6)]
    [TestCase(4003, 6)]
    [TestCase(4005, 6)]
    [TestCase(4008, 6)]
    [TestCase(1006, 6)]
    [TestCase(4007, 2)]
    [TestCase(4009, 2)]
    [TestCase(1000, 2)]
    public async Task NonFatalCloseCode_Reconnects_ResumingWhenTheSessionSurvives(int code, int expectedOp)
    {
        await using var h = new ShardHarness();
        FakeGatewayConnection first = await h.ConnectReadyAsync();

        first.ServerClose(code);
        // A connection that did not stay healthy for a minute backs off before reconnecting: move the clock.
        FakeGatewayConnection second = await h.AdvanceUntilAsync(h.Connections.NextAsync(), TimeSpan.FromMilliseconds(500));
        second.Hello();
        // A second IDENTIFY waits for its 5 s identify slot: move the clock.
        FakeGatewayConnection.SentFrame frame = await h.AdvanceUntilAsync(second.NextSentAsync(f => f.Op is 2 or 6), TimeSpan.FromSeconds(1));

        Assert.That(frame.Op, Is.EqualTo(expectedOp));
    }

    [Test]
    public async Task ConnectFailures_BackOffWithJitter_CappedAtMaxDelay()
    {
        var policy = new ReconnectPolicy(TimeSpan.FromSeconds(60), new FixedRandom(1.0));

        TimeSpan[] delays = [.. Enumerable.Range(0, 12).Select(policy.GetDelay)];

        Assert.Multiple(() =>
        {
            Assert.That(delays[0], Is.EqualTo(TimeSpan.Zero));
            Assert.That(delays[1], Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(delays[3], Is.EqualTo(TimeSpan.FromSeconds(4)));
            Assert.That(delays.Max(), Is.EqualTo(TimeSpan.FromSeconds(60)));
            Assert.That(new ReconnectPolicy(TimeSpan.FromSeconds(60), new FixedRandom(0.0)).GetDelay(3), Is.EqualTo(TimeSpan.FromSeconds(2)));
        });
        await Task.CompletedTask;
    }

    [Test]
    public async Task ZlibStream_Enabled_RequestsCompressionAndInflatesFramesWithOneContext()
    {
        await using var h = new ShardHarness(new DiscordClientOptions { Token = "t", Compress = true });
        FakeGatewayConnection connection = await h.Connections.NextAsync();

        connection.PushCompressed("""{"op":10,"d":{"heartbeat_interval":41250},"s":null,"t":null}""");
        await connection.NextOpAsync(2);
        connection.PushCompressed("""{"t":"READY","s":1,"op":0,"d":{"v":10,"user":{"id":"42","username":"andy","bot":true},"session_id":"z","resume_gateway_url":"wss://r.example/","guilds":[]}}""");
        await h.NextEventAsync(GatewayEventKind.Ready);
        connection.PushCompressed($$"""{"t":"MESSAGE_CREATE","s":2,"op":0,"d":{{Message(77)}}}""");
        GatewayEvent message = await h.NextEventAsync(GatewayEventKind.MessageCreate);

        Assert.Multiple(() =>
        {
            Assert.That(connection.Uri.Query, Does.Contain("compress=zlib-stream"));
            Assert.That(h.Shard.SessionId, Is.EqualTo("z"));
            Assert.That(message.Message!.Id, Is.EqualTo(77UL));
        });
    }

    [Test]
    public async Task SendBudget_BurstOfCommands_NeverMoreThan110In60Seconds()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var limiter = new GatewaySendLimiter(time);
        var sentAt = new System.Collections.Concurrent.ConcurrentBag<DateTimeOffset>();

        Task[] sends = [.. Enumerable.Range(0, 200).Select(async _ =>
        {
            await limiter.WaitAsync(isHeartbeat: false, CancellationToken.None);
            sentAt.Add(time.GetUtcNow());
        })];
        await time.AdvanceUntilAsync(Task.WhenAll(sends), TimeSpan.FromSeconds(1));
        DateTimeOffset[] all = [.. sentAt];
        int worstWindow = all.Max(t => all.Count(u => u >= t && u < t + TimeSpan.FromSeconds(60)));
        // 115 per window, of which 5 are kept for heartbeats.
        Assert.That(worstWindow, Is.EqualTo(110));
    }

    internal static string Message(ulong id, string content = "hello", string guild = "\"guild_id\":\"100\",") =>
        $$"""{"id":"{{id}}","channel_id":"200",{{guild}}"author":{"id":"9","username":"u","bot":false},"content":"{{content}}","mentions":[],"mention_roles":[],"mention_everyone":false,"timestamp":"2026-01-01T00:00:00+00:00"}""";
}
