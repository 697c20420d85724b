using System.Text;
using AndyAI.Discord.Gateway;
using AndyAI.Discord.Tests.Fakes;
using AndyAI.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AndyAI.Discord.Tests.Gateway;

/// <summary>
/// What breaks a connection from the inside (a stream we cannot read) must end in a resumable close and a resume,
/// never in a shard that stops reading; and a connection that keeps dying must back off.
/// </summary>
public sealed class GatewayFaultTests
{
    private FakeLogger _log = null!;

    [SetUp]
    public void SetUp() => _log = new FakeLogger(); // NUnit runs every test of a fixture on the same instance

    [Test]
    public async Task CorruptZlibStream_ClosesResumableAndResumes()
    {
        await using var h = new ShardHarness(new DiscordClientOptions { Token = "t", Compress = true }, logger: _log);
        FakeGatewayConnection first = await h.ConnectReadyAsync();

        first.PushRaw([0x78, 0x9C, 0xDE, 0xAD, 0xBE, 0xEF, 0x00, 0x00, 0xFF, 0xFF], binary: true);

        await AssertResumedAsync(h, first, "InvalidDataException");
    }

    [Test]
    public async Task InvalidUtf8_ClosesResumableAndResumes()
    {
        await using var h = new ShardHarness(logger: _log);
        FakeGatewayConnection first = await h.ConnectReadyAsync();
        byte[] head = Encoding.UTF8.GetBytes("""{"t":"MESSAGE_CREATE","s":2,"op":0,"d":{"id":"1","channel_id":"200","author":{"id":"9","username":"u"},"content":" """);
        byte[] tail = Encoding.UTF8.GetBytes("\"}}");

        first.PushRaw([.. head, 0xFF, 0xFE, .. tail], binary: false);

        await AssertResumedAsync(h, first);
    }

    [Test]
    public async Task ReadyWithoutUser_DropsConnectionAndIdentifiesAgain()
    {
        await using var h = new ShardHarness(logger: _log);
        FakeGatewayConnection first = await h.Connections.NextAsync();
        first.Hello();
        await first.NextOpAsync(2);

        first.Dispatch("READY", 1, """{"v":10,"session_id":"s","resume_gateway_url":"wss://resume.example/","guilds":[]}""");

        FakeGatewayConnection second = await h.AdvanceUntilAsync(h.Connections.NextAsync(), TimeSpan.FromMilliseconds(500));
        Assert.That(first.ClosedWith, Is.EqualTo(4000));
        second.Hello();
        FakeGatewayConnection.SentFrame frame = await h.AdvanceUntilAsync(second.NextSentAsync(f => f.Op is 2 or 6), TimeSpan.FromSeconds(1));
        Assert.Multiple(() =>
        {
            Assert.That(frame.Op, Is.EqualTo(2), "no session was established, so a new one is identified");
            Assert.That(_log.Collector.GetSnapshot().Any(r => r.Level == LogLevel.Warning && r.Message.Contains("READY without user")), Is.True);
        });
    }

    [Test]
    public async Task ReconnectRequested_Op7_ResumesWithoutAWarning()
    {
        await using var h = new ShardHarness(logger: _log);
        FakeGatewayConnection first = await h.ConnectReadyAsync();

        first.Push("""{"op":7,"d":null,"s":null,"t":null}""");

        FakeGatewayConnection second = await h.AdvanceUntilAsync(h.Connections.NextAsync(), TimeSpan.FromMilliseconds(500));
        second.Hello();
        FakeGatewayConnection.SentFrame frame = await second.NextSentAsync(f => f.Op is 2 or 6);
        Assert.Multiple(() =>
        {
            Assert.That(frame.Op, Is.EqualTo(6), "resumed");
            Assert.That(_log.Collector.GetSnapshot().Where(r => r.Level >= LogLevel.Warning), Is.Empty, "Discord sends op 7 routinely; it is no fault");
            Assert.That(_log.Collector.GetSnapshot().Any(r => r.Level == LogLevel.Information && r.Message.Contains("connection ended (ReconnectRequested")), Is.True);
        });
    }

    [Test]
    public async Task OversizedMessage_ClosesAndReconnects()
    {
        await using var h = new ShardHarness(logger: _log);
        FakeGatewayConnection first = await h.ConnectReadyAsync();
        byte[] huge = new byte[GatewayShard.MaxPayloadBytes + 1];
        huge.AsSpan().Fill((byte)' ');

        first.PushRaw(huge, binary: false);

        await AssertResumedAsync(h, first, "larger than 16 MB");
    }

    [Test]
    public async Task ResumeThenDropLoop_BacksOff_UntilAConnectionStaysHealthyForAMinute()
    {
        await using var h = new ShardHarness(logger: _log);
        FakeGatewayConnection first = await h.ConnectReadyAsync();

        first.DropSocket();
        FakeGatewayConnection second = await h.AdvanceUntilAsync(h.Connections.NextAsync(), TimeSpan.FromMilliseconds(500));
        TimeSpan afterShortLived = LastReconnectDelay();
        second.Hello(intervalMs: 600_000); // no heartbeat falls in the minute below
        await second.NextOpAsync(6);
        second.Dispatch("RESUMED", 2, "null");
        await h.NextEventAsync(GatewayEventKind.Resumed);
        h.Time.Advance(ReconnectPolicy.HealthyAfter + TimeSpan.FromSeconds(1));
        second.DropSocket();
        await h.Connections.NextAsync();

        Assert.Multiple(() =>
        {
            Assert.That(afterShortLived, Is.GreaterThan(TimeSpan.Zero), "a connection that lived for seconds earns no instant reconnect");
            Assert.That(LastReconnectDelay(), Is.EqualTo(TimeSpan.Zero), "one that stayed up a minute does");
        });
    }

    private TimeSpan LastReconnectDelay() =>
        LoggedDuration.Parse(_log.Collector.GetSnapshot().Last(r => r.Message.Contains("reconnecting in")).StructuredState!
            .Single(p => p.Key == "Delay").Value!);

    private async Task AssertResumedAsync(ShardHarness h, FakeGatewayConnection first, string? logged = null)
    {
        // Move the clock only once the shard has given up the first connection: while it is still reading (16 MB
        // takes a while on a loaded machine), every step of the fake clock brings that connection's heartbeat closer,
        // and a missed ACK would end it for another reason than the one under test.
        await Poll.UntilAsync(() => first.ClosedWith is not null || first.Aborted, "the shard to close the connection it could not read");
        // The shard connects again only after it closed the first connection.
        FakeGatewayConnection second = await h.AdvanceUntilAsync(h.Connections.NextAsync(), TimeSpan.FromMilliseconds(500));
        int? closedWith = first.ClosedWith;
        second.Hello();
        FakeGatewayConnection.SentFrame frame = await second.NextSentAsync(f => f.Op is 2 or 6);
        FakeLogRecord warning = _log.Collector.GetSnapshot().Single(r => r.Level == LogLevel.Warning);

        Assert.Multiple(() =>
        {
            Assert.That(closedWith, Is.EqualTo(4000), "closed with a code that keeps the session");
            Assert.That(frame.Op, Is.EqualTo(6), "resumed, not identified");
            Assert.That(warning.Message, Does.Contain("connection failed"));
            if (logged is not null) Assert.That(warning.Message, Does.Contain(logged));
        });
    }
}
