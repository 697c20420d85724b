using AndyAI.Emulator.Tests.Support;

namespace AndyAI.Emulator.Tests.Gateway;

public sealed class GatewayHeartbeatTests
{
    [Test]
    public async Task Heartbeat_Sent_IsAcked()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        await using GatewayTestClient client = await GatewayTestClient.ConnectAsync(emulator);
        await client.ReceiveAsync();

        await client.HeartbeatAsync(null);

        Assert.That((await client.ReceiveAsync()).Op, Is.EqualTo(11));
    }

    [Test]
    public async Task RequestHeartbeat_SendsOp1()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        await using GatewayTestClient client = await GatewayTestClient.ConnectAsync(emulator);
        await client.ReceiveAsync();

        emulator.RequestHeartbeat();

        Assert.That((await client.ReceiveAsync()).Op, Is.EqualTo(1));
    }

    [Test]
    public async Task WithholdHeartbeatAcks_HeartbeatSent_NoAckButLaterFramesArrive()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        (GatewayTestClient client, _) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator);
        await using GatewayTestClient _1 = client;

        emulator.WithholdHeartbeatAcks();
        await client.HeartbeatAsync(2);
        await emulator.WaitForFrameAsync(f => f.Direction == FrameDirection.Received && f.Opcode == 1, GatewayTestClient.Timeout);
        await emulator.PostMessageAsync(emulator.AliceUserId, emulator.DefaultChannelId, "after the heartbeat");

        GatewayFrame next = await client.ReceiveAsync();
        Assert.That(next.T, Is.EqualTo("MESSAGE_CREATE"), "the ACK should have been withheld");
    }

    [Test]
    public async Task NoHeartbeat_PastIntervalAndGrace_Closes4009()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync(new EmulatorOptions
        {
            HeartbeatInterval = TimeSpan.FromMilliseconds(100),
            HeartbeatGrace = TimeSpan.FromMilliseconds(100),
        });
        await using GatewayTestClient client = await GatewayTestClient.ConnectAsync(emulator);
        await client.ReceiveAsync();

        GatewayFrame close = await client.WaitForCloseAsync();

        Assert.That(close.CloseCode, Is.EqualTo(4009));
    }
}
