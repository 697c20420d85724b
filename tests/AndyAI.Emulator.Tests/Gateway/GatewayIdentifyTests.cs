using AndyAI.Emulator.Tests.Support;

namespace AndyAI.Emulator.Tests.Gateway;

public sealed class GatewayIdentifyTests
{
    [Test]
    public async Task Identify_ValidToken_SendsHelloThenReadyThenGuildCreateFromSequenceOne()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        await using GatewayTestClient client = await GatewayTestClient.ConnectAsync(emulator);

        GatewayFrame hello = await client.ReceiveAsync();
        await client.IdentifyAsync(emulator.BotToken, GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages);
        GatewayFrame ready = await client.WaitForDispatchAsync("READY");
        GatewayFrame guild = await client.WaitForDispatchAsync("GUILD_CREATE");

        Assert.That(hello.D.GetProperty("heartbeat_interval").GetInt32(), Is.EqualTo(41250));
        Assert.That(ready.S, Is.EqualTo(1));
        JsonElement d = ready.D;
        Assert.That(d.GetProperty("v").GetInt32(), Is.EqualTo(10));
        Assert.That(d.GetProperty("user").GetProperty("id").GetString(), Is.EqualTo(emulator.BotUserId.ToString()));
        Assert.That(d.GetProperty("user").GetProperty("bot").GetBoolean(), Is.True);
        Assert.That(d.GetProperty("guilds")[0].GetProperty("id").GetString(), Is.EqualTo(emulator.DefaultGuildId.ToString()));
        Assert.That(d.GetProperty("guilds")[0].GetProperty("unavailable").GetBoolean(), Is.True);
        Assert.That(d.GetProperty("session_id").GetString(), Is.Not.Empty);
        Assert.That(d.GetProperty("resume_gateway_url").GetString(), Does.StartWith("ws://127.0.0.1:"));
        Assert.That(d.GetProperty("application").GetProperty("id").GetString(), Is.EqualTo(emulator.ApplicationId.ToString()));
        Assert.That(d.GetProperty("application").TryGetProperty("flags", out _), Is.True);

        Assert.That(guild.S, Is.EqualTo(2));
        JsonElement g = guild.D;
        Assert.That(g.GetProperty("channels").EnumerateArray().Select(c => c.GetProperty("id").GetString()), Does.Contain(emulator.DefaultChannelId.ToString()));
        JsonElement botRole = g.GetProperty("roles").EnumerateArray().Single(r => r.GetProperty("id").GetString() == emulator.BotRoleId.ToString());
        Assert.That(botRole.GetProperty("managed").GetBoolean(), Is.True);
        Assert.That(botRole.GetProperty("tags").GetProperty("bot_id").GetString(), Is.EqualTo(emulator.BotUserId.ToString()));
        Assert.That(g.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("user").GetProperty("id").GetString()),
            Does.Contain(emulator.BotUserId.ToString()).And.Contain(emulator.OwnerUserId.ToString()));
    }

    [Test]
    public async Task Identify_BadToken_Closes4004()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        await using GatewayTestClient client = await GatewayTestClient.ConnectAsync(emulator);
        await client.ReceiveAsync();

        await client.IdentifyAsync("not-the-token", GatewayIntentBits.Guilds);

        Assert.That((await client.WaitForCloseAsync()).CloseCode, Is.EqualTo(4004));
    }

    [Test]
    public async Task Identify_MessageContentNotGranted_Closes4014()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync(new EmulatorOptions { GrantedPrivilegedIntents = 0 });
        await using GatewayTestClient client = await GatewayTestClient.ConnectAsync(emulator);
        await client.ReceiveAsync();

        await client.IdentifyAsync(emulator.BotToken, GatewayIntentBits.Guilds | GatewayIntentBits.MessageContent);

        Assert.That((await client.WaitForCloseAsync()).CloseCode, Is.EqualTo(4014));
    }

    [Test]
    public async Task Identify_MessageContentGrantedAtRuntime_IsAccepted()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync(new EmulatorOptions { GrantedPrivilegedIntents = 0 });
        emulator.SetGrantedPrivilegedIntents(GatewayIntentBits.MessageContent);

        (GatewayTestClient client, GatewayFrame ready) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator);
        await using GatewayTestClient _ = client;

        Assert.That(ready.T, Is.EqualTo("READY"));
    }

    [TestCase("[1,1]")]
    [TestCase("[0,0]")]
    [TestCase("[2]")]
    public async Task Identify_InvalidShard_Closes4010(string shard)
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        await using GatewayTestClient client = await GatewayTestClient.ConnectAsync(emulator);
        await client.ReceiveAsync();

        await client.IdentifyAsync(emulator.BotToken, GatewayIntentBits.Guilds, shard);

        Assert.That((await client.WaitForCloseAsync()).CloseCode, Is.EqualTo(4010));
    }

    [Test]
    public async Task Identify_TooManyGuildsForOneShard_Closes4011()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync(new EmulatorOptions { MaxGuildsPerShard = 1 });
        emulator.CreateGuild("second");
        await using GatewayTestClient client = await GatewayTestClient.ConnectAsync(emulator);
        await client.ReceiveAsync();

        await client.IdentifyAsync(emulator.BotToken, GatewayIntentBits.Guilds);

        Assert.That((await client.WaitForCloseAsync()).CloseCode, Is.EqualTo(4011));
    }

    [Test]
    public async Task Connect_UnsupportedVersion_Closes4012()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        await using GatewayTestClient client = await GatewayTestClient.ConnectAsync(emulator, "?v=6&encoding=json");

        Assert.That((await client.WaitForCloseAsync()).CloseCode, Is.EqualTo(4012));
    }

    [TestCase("1073741824")]
    [TestCase("-1")]
    public async Task Identify_UnknownIntentBits_Closes4013(string intents)
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        await using GatewayTestClient client = await GatewayTestClient.ConnectAsync(emulator);
        await client.ReceiveAsync();

        await client.IdentifyAsync(emulator.BotToken, long.Parse(intents));

        Assert.That((await client.WaitForCloseAsync()).CloseCode, Is.EqualTo(4013));
    }

    [Test]
    public async Task Identify_OverMaxConcurrencyWithinWindow_SecondGetsInvalidSessionFalse()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync(new EmulatorOptions { MaxConcurrency = 1, IdentifyWindow = TimeSpan.FromMinutes(5) });
        (GatewayTestClient first, _) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator);
        await using GatewayTestClient _1 = first;
        await using GatewayTestClient second = await GatewayTestClient.ConnectAsync(emulator);
        await second.ReceiveAsync();

        await second.IdentifyAsync(emulator.BotToken, GatewayIntentBits.Guilds);
        GatewayFrame frame = await second.ReceiveAsync();

        Assert.That(frame.Op, Is.EqualTo(9));
        Assert.That(frame.D.GetBoolean(), Is.False);
    }

    [Test]
    public async Task Identify_Twice_Closes4005()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync(new EmulatorOptions { IdentifyWindow = TimeSpan.Zero });
        (GatewayTestClient client, _) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator);
        await using GatewayTestClient _1 = client;

        await client.IdentifyAsync(emulator.BotToken, GatewayIntentBits.Guilds);

        Assert.That((await client.WaitForCloseAsync()).CloseCode, Is.EqualTo(4005));
    }

    [Test]
    public async Task Payload_BeforeIdentify_Closes4003()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        await using GatewayTestClient client = await GatewayTestClient.ConnectAsync(emulator);
        await client.ReceiveAsync();

        await client.SendAsync("{\"op\":3,\"d\":{\"since\":null,\"activities\":[],\"status\":\"online\",\"afk\":false}}");

        Assert.That((await client.WaitForCloseAsync()).CloseCode, Is.EqualTo(4003));
    }

    [Test]
    public async Task Payload_UnknownOpcode_Closes4001()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        await using GatewayTestClient client = await GatewayTestClient.ConnectAsync(emulator);
        await client.ReceiveAsync();

        await client.SendAsync("{\"op\":99,\"d\":null}");

        Assert.That((await client.WaitForCloseAsync()).CloseCode, Is.EqualTo(4001));
    }

    [Test]
    public async Task Payload_Over4096Bytes_Closes4002()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        await using GatewayTestClient client = await GatewayTestClient.ConnectAsync(emulator);
        await client.ReceiveAsync();

        await client.SendAsync("{\"op\":1,\"d\":null,\"pad\":\"" + new string('x', 5000) + "\"}");

        Assert.That((await client.WaitForCloseAsync()).CloseCode, Is.EqualTo(4002));
    }

    [Test]
    public async Task Payload_NotJson_Closes4002()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        await using GatewayTestClient client = await GatewayTestClient.ConnectAsync(emulator);
        await client.ReceiveAsync();

        await client.SendAsync("{not json");

        Assert.That((await client.WaitForCloseAsync()).CloseCode, Is.EqualTo(4002));
    }

    [Test]
    public async Task Sends_OverLimitPerMinute_Closes4008()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync(new EmulatorOptions { GatewaySendLimitPerMinute = 3 });
        await using GatewayTestClient client = await GatewayTestClient.ConnectAsync(emulator);
        await client.ReceiveAsync();

        for (int i = 0; i < 4; i++)
        {
            await client.HeartbeatAsync(null);
        }

        Assert.That((await client.WaitForCloseAsync()).CloseCode, Is.EqualTo(4008));
    }

    [Test]
    public async Task Sends_HeartbeatsWithTestShortenedInterval_DoNotCountTowardsTheLimit()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync(new EmulatorOptions
        {
            GatewaySendLimitPerMinute = 3,
            HeartbeatInterval = TimeSpan.FromSeconds(1),
        });
        await using GatewayTestClient client = await GatewayTestClient.ConnectAsync(emulator);
        await client.ReceiveAsync();

        var ops = new List<int>();
        for (int i = 0; i < 5; i++)
        {
            await client.HeartbeatAsync(null);
            ops.Add((await client.ReceiveAsync()).Op);
        }

        Assert.That(ops, Is.All.EqualTo(11));
    }
}
