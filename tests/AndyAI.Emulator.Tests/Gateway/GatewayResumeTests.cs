using AndyAI.Emulator.Tests.Support;

namespace AndyAI.Emulator.Tests.Gateway;

public sealed class GatewayResumeTests
{
    [Test]
    public async Task Resume_AfterDrop_ReplaysMissedDispatchesInOrderThenResumed()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        (GatewayTestClient first, GatewayFrame ready) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator);
        string sessionId = ready.D.GetProperty("session_id").GetString()!;
        string resumeUrl = ready.D.GetProperty("resume_gateway_url").GetString()!;
        EmulatorMessage seen = await emulator.PostMessageAsync(emulator.AliceUserId, emulator.DefaultChannelId, "seen");
        GatewayFrame seenFrame = await first.WaitForDispatchAsync("MESSAGE_CREATE");

        emulator.DropGatewayConnections();
        await first.DisposeAsync();
        await emulator.WaitForNoConnectionsAsync(GatewayTestClient.Timeout);
        EmulatorMessage missed1 = await emulator.PostMessageAsync(emulator.AliceUserId, emulator.DefaultChannelId, "missed 1");
        EmulatorMessage missed2 = await emulator.PostMessageAsync(emulator.BobUserId, emulator.DefaultChannelId, "missed 2");
        await using GatewayTestClient second = await GatewayTestClient.ConnectAsync(emulator, path: new Uri(resumeUrl).AbsolutePath);
        await second.ReceiveAsync(); // HELLO
        await second.ResumeAsync(emulator.BotToken, sessionId, seenFrame.S!.Value);
        GatewayFrame r1 = await second.ReceiveAsync();
        GatewayFrame r2 = await second.ReceiveAsync();
        GatewayFrame resumed = await second.ReceiveAsync();

        Assert.That(seen.Id, Is.Not.Zero);
        Assert.That(resumeUrl, Does.StartWith(emulator.GatewayUrl));
        Assert.That(r1.D.GetProperty("id").GetString(), Is.EqualTo(missed1.Id.ToString()));
        Assert.That(r1.S, Is.EqualTo(seenFrame.S + 1));
        Assert.That(r2.D.GetProperty("id").GetString(), Is.EqualTo(missed2.Id.ToString()));
        Assert.That(r2.S, Is.EqualTo(seenFrame.S + 2));
        Assert.That(resumed.T, Is.EqualTo("RESUMED"));
        Assert.That(resumed.S, Is.EqualTo(seenFrame.S + 3));
    }

    [Test]
    public async Task Resume_UnknownSession_InvalidSessionFalse()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        await using GatewayTestClient client = await GatewayTestClient.ConnectAsync(emulator);
        await client.ReceiveAsync();

        await client.ResumeAsync(emulator.BotToken, "no-such-session", 3);
        GatewayFrame frame = await client.ReceiveAsync();

        Assert.That(frame.Op, Is.EqualTo(9));
        Assert.That(frame.D.GetBoolean(), Is.False);
    }

    [TestCase(1000)]
    [TestCase(1001)]
    public async Task Resume_AfterClientClosedNormally_InvalidSessionFalse(int code)
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        (GatewayTestClient first, GatewayFrame ready) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator);
        string sessionId = ready.D.GetProperty("session_id").GetString()!;
        await first.CloseAsync(code);
        await first.DisposeAsync();
        await emulator.WaitForNoConnectionsAsync(GatewayTestClient.Timeout);

        await using GatewayTestClient second = await GatewayTestClient.ConnectAsync(emulator);
        await second.ReceiveAsync();
        await second.ResumeAsync(emulator.BotToken, sessionId, 2);
        GatewayFrame frame = await second.ReceiveAsync();

        Assert.That(frame.Op, Is.EqualTo(9));
        Assert.That(frame.D.GetBoolean(), Is.False);
    }

    [Test]
    public async Task Resume_AfterClientClosedWith4000_Resumes()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        (GatewayTestClient first, GatewayFrame ready) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator);
        string sessionId = ready.D.GetProperty("session_id").GetString()!;
        await first.CloseAsync(4000);
        await first.DisposeAsync();
        await emulator.WaitForNoConnectionsAsync(GatewayTestClient.Timeout);

        await using GatewayTestClient second = await GatewayTestClient.ConnectAsync(emulator);
        await second.ReceiveAsync();
        await second.ResumeAsync(emulator.BotToken, sessionId, 2);

        Assert.That((await second.ReceiveAsync()).T, Is.EqualTo("RESUMED"));
    }

    [Test]
    public async Task Resume_SequenceAheadOfSession_Closes4007()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        (GatewayTestClient first, GatewayFrame ready) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator);
        string sessionId = ready.D.GetProperty("session_id").GetString()!;
        first.Abort();
        await first.DisposeAsync();
        await emulator.WaitForNoConnectionsAsync(GatewayTestClient.Timeout);

        await using GatewayTestClient second = await GatewayTestClient.ConnectAsync(emulator);
        await second.ReceiveAsync();
        await second.ResumeAsync(emulator.BotToken, sessionId, 999);

        Assert.That((await second.WaitForCloseAsync()).CloseCode, Is.EqualTo(4007));
    }

    [Test]
    public async Task SendInvalidSession_False_SessionCannotResume()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        (GatewayTestClient first, GatewayFrame ready) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator);
        string sessionId = ready.D.GetProperty("session_id").GetString()!;

        emulator.SendInvalidSession(resumable: false);
        GatewayFrame op9 = await first.ReceiveAsync();
        first.Abort();
        await first.DisposeAsync();
        await emulator.WaitForNoConnectionsAsync(GatewayTestClient.Timeout);
        await using GatewayTestClient second = await GatewayTestClient.ConnectAsync(emulator);
        await second.ReceiveAsync();
        await second.ResumeAsync(emulator.BotToken, sessionId, 2);
        GatewayFrame answer = await second.ReceiveAsync();

        Assert.That(op9.Op, Is.EqualTo(9));
        Assert.That(op9.D.GetBoolean(), Is.False);
        Assert.That(answer.Op, Is.EqualTo(9));
    }

    [Test]
    public async Task SendInvalidSession_True_SendsOp9TrueAndSessionStillResumes()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        (GatewayTestClient first, GatewayFrame ready) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator);
        string sessionId = ready.D.GetProperty("session_id").GetString()!;

        emulator.SendInvalidSession(resumable: true);
        GatewayFrame op9 = await first.ReceiveAsync();
        first.Abort();
        await first.DisposeAsync();
        await emulator.WaitForNoConnectionsAsync(GatewayTestClient.Timeout);
        await using GatewayTestClient second = await GatewayTestClient.ConnectAsync(emulator);
        await second.ReceiveAsync();
        await second.ResumeAsync(emulator.BotToken, sessionId, 2);

        Assert.That(op9.D.GetBoolean(), Is.True);
        Assert.That((await second.ReceiveAsync()).T, Is.EqualTo("RESUMED"));
    }

    [Test]
    public async Task SendReconnect_SendsOp7()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        (GatewayTestClient client, _) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator);
        await using GatewayTestClient _1 = client;

        emulator.SendReconnect();

        Assert.That((await client.ReceiveAsync()).Op, Is.EqualTo(7));
    }

    [TestCase(4000)]
    [TestCase(4009)]
    [TestCase(1001)]
    public async Task CloseGatewayConnections_AnyCode_ClientSeesIt(int code)
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        (GatewayTestClient client, _) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator);
        await using GatewayTestClient _1 = client;

        emulator.CloseGatewayConnections(code);

        Assert.That((await client.WaitForCloseAsync()).CloseCode, Is.EqualTo(code));
    }

    [Test]
    public async Task DropGatewayConnections_NoCloseFrame_ClientSeesAbnormalEnd()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        (GatewayTestClient client, _) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator);
        await using GatewayTestClient _1 = client;

        int dropped = emulator.DropGatewayConnections();

        Assert.That(dropped, Is.EqualTo(1));
        Assert.That(async () => await client.ReceiveAsync(), Throws.InstanceOf<System.Net.WebSockets.WebSocketException>());
    }
}
