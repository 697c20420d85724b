using System.IO.Compression;
using System.Text;
using AndyAI.Emulator.Tests.Support;
using AndyAI.Testing;

namespace AndyAI.Emulator.Tests.Gateway;

public sealed class GatewayDispatchTests
{
    private const int AllButContent = GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages;

    [Test]
    public async Task PostMessage_UserAndLegacyAndRoleMentions_FillMentionArrays()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        (GatewayTestClient client, _) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator);
        await using GatewayTestClient _1 = client;

        EmulatorMessage posted = await emulator.PostMessageAsync(emulator.AliceUserId, emulator.DefaultChannelId,
            $"hey <@{emulator.BotUserId}> and <@!{emulator.BobUserId}>, <@&{emulator.BotRoleId}> <@&{emulator.ModeratorRoleId}> @everyone <@999>");
        JsonElement d = (await client.WaitForDispatchAsync("MESSAGE_CREATE")).D;

        Assert.That(d.GetProperty("id").GetString(), Is.EqualTo(posted.Id.ToString()));
        Assert.That(d.GetProperty("mentions").EnumerateArray().Select(u => u.GetProperty("id").GetString()),
            Is.EqualTo(new[] { emulator.BotUserId.ToString(), emulator.BobUserId.ToString() }));
        Assert.That(d.GetProperty("mention_roles").EnumerateArray().Select(r => r.GetString()),
            Is.EqualTo(new[] { emulator.BotRoleId.ToString(), emulator.ModeratorRoleId.ToString() }));
        Assert.That(d.GetProperty("mention_everyone").GetBoolean(), Is.True);
        Assert.That(d.GetProperty("guild_id").GetString(), Is.EqualTo(emulator.DefaultGuildId.ToString()));
        Assert.That(d.GetProperty("author").GetProperty("id").GetString(), Is.EqualTo(emulator.AliceUserId.ToString()));
        Assert.That(d.GetProperty("member").GetProperty("roles").GetArrayLength(), Is.Zero);
        Assert.That(d.GetProperty("content").GetString(), Does.Contain($"<@{emulator.BotUserId}>"));
    }

    [Test]
    public async Task PostMessage_Reply_HasMessageReferenceAndReferencedMessageAndPingsRepliedAuthor()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        (GatewayTestClient client, _) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator);
        await using GatewayTestClient _1 = client;
        EmulatorMessage original = await emulator.PostMessageAsync(emulator.BobUserId, emulator.DefaultChannelId, "original");

        EmulatorMessage reply = await emulator.PostMessageAsync(emulator.AliceUserId, emulator.DefaultChannelId, "a reply", original.Id);
        await client.WaitForDispatchAsync("MESSAGE_CREATE");
        JsonElement d = (await client.WaitForDispatchAsync("MESSAGE_CREATE")).D;

        Assert.That(reply.ReferencedMessageId, Is.EqualTo(original.Id));
        Assert.That(d.GetProperty("type").GetInt32(), Is.EqualTo(19));
        Assert.That(d.GetProperty("message_reference").GetProperty("message_id").GetString(), Is.EqualTo(original.Id.ToString()));
        Assert.That(d.GetProperty("message_reference").GetProperty("channel_id").GetString(), Is.EqualTo(emulator.DefaultChannelId.ToString()));
        Assert.That(d.GetProperty("referenced_message").GetProperty("content").GetString(), Is.EqualTo("original"));
        Assert.That(d.GetProperty("mentions")[0].GetProperty("id").GetString(), Is.EqualTo(emulator.BobUserId.ToString()));
    }

    [Test]
    public async Task PostMessage_UnknownChannelOrAuthor_Throws()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();

        Assert.That(() => emulator.PostMessageAsync(emulator.AliceUserId, 42, "x"), Throws.ArgumentException);
        Assert.That(() => emulator.PostMessageAsync(42, emulator.DefaultChannelId, "x"), Throws.ArgumentException);
        Assert.That(() => emulator.PostMessageAsync(emulator.AliceUserId, emulator.DefaultChannelId, new string('a', 2001)), Throws.ArgumentException);
    }

    [Test]
    public async Task WithoutMessageContent_GuildContentEmptyExceptMentionsAndDms()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        (GatewayTestClient client, _) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator, AllButContent);
        await using GatewayTestClient _1 = client;
        ulong dm = emulator.CreateDmChannel(emulator.AliceUserId);

        await emulator.PostMessageAsync(emulator.AliceUserId, emulator.DefaultChannelId, "secret");
        await emulator.PostMessageAsync(emulator.AliceUserId, emulator.DefaultChannelId, $"<@{emulator.BotUserId}> visible");
        await emulator.PostMessageAsync(emulator.AliceUserId, dm, "dm visible");
        JsonElement plain = (await client.WaitForDispatchAsync("MESSAGE_CREATE")).D;
        JsonElement mention = (await client.WaitForDispatchAsync("MESSAGE_CREATE")).D;
        JsonElement direct = (await client.WaitForDispatchAsync("MESSAGE_CREATE")).D;

        Assert.That(plain.GetProperty("content").GetString(), Is.Empty);
        Assert.That(plain.GetProperty("embeds").GetArrayLength(), Is.Zero);
        Assert.That(mention.GetProperty("content").GetString(), Does.EndWith("visible"));
        Assert.That(direct.GetProperty("content").GetString(), Is.EqualTo("dm visible"));
        Assert.That(direct.TryGetProperty("guild_id", out _), Is.False);
    }

    [Test]
    public async Task WithoutGuildMessagesIntent_NoGuildMessageCreate()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        (GatewayTestClient client, _) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator, GatewayIntentBits.Guilds | GatewayIntentBits.DirectMessages);
        await using GatewayTestClient _1 = client;
        ulong dm = emulator.CreateDmChannel(emulator.BobUserId);

        await emulator.PostMessageAsync(emulator.AliceUserId, emulator.DefaultChannelId, "guild message");
        await emulator.PostMessageAsync(emulator.BobUserId, dm, "dm message");
        GatewayFrame next = await client.WaitForAsync(f => f.Op == 0);

        Assert.That(next.D.GetProperty("content").GetString(), Is.EqualTo("dm message"), "the guild message must not be dispatched");
    }

    [Test]
    public async Task BotMessageOverRest_IsDispatchedBackToTheBot()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        (GatewayTestClient client, _) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator, AllButContent);
        await using GatewayTestClient _1 = client;
        using HttpClient http = RestTestClient.Create(emulator);

        using HttpResponseMessage response = await http.PostAsync($"v10/channels/{emulator.DefaultChannelId}/messages",
            RestTestClient.Json("{\"content\":\"from the bot\",\"allowed_mentions\":{\"parse\":[]}}"));
        JsonElement d = (await client.WaitForDispatchAsync("MESSAGE_CREATE")).D;

        Assert.That(response.IsSuccessStatusCode, Is.True);
        Assert.That(d.GetProperty("author").GetProperty("id").GetString(), Is.EqualTo(emulator.BotUserId.ToString()));
        Assert.That(d.GetProperty("content").GetString(), Is.EqualTo("from the bot"), "own messages keep content without MESSAGE_CONTENT");
    }

    [Test]
    public async Task CreateGuildAndChannel_WhileConnected_DispatchesGuildCreateAndChannelCreate()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        (GatewayTestClient client, _) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator);
        await using GatewayTestClient _1 = client;

        ulong guildId = emulator.CreateGuild("second guild");
        ulong channelId = emulator.CreateTextChannel(guildId, "random");
        JsonElement guild = (await client.WaitForDispatchAsync("GUILD_CREATE")).D;
        JsonElement channel = (await client.WaitForDispatchAsync("CHANNEL_CREATE")).D;

        Assert.That(guild.GetProperty("id").GetString(), Is.EqualTo(guildId.ToString()));
        Assert.That(guild.GetProperty("roles").EnumerateArray().Any(r => r.TryGetProperty("tags", out JsonElement t) && t.GetProperty("bot_id").GetString() == emulator.BotUserId.ToString()), Is.True);
        Assert.That(channel.GetProperty("id").GetString(), Is.EqualTo(channelId.ToString()));
        Assert.That(channel.GetProperty("guild_id").GetString(), Is.EqualTo(guildId.ToString()));
        Assert.That(emulator.GetBotRoleId(guildId), Is.Not.EqualTo(emulator.BotRoleId));
    }

    [Test]
    public async Task DelayDispatches_FakeClock_DispatchWaitsForTheClock()
    {
        var time = new TimerCountingTimeProvider(DateTimeOffset.UtcNow);
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync(new EmulatorOptions { TimeProvider = time });
        (GatewayTestClient client, _) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator);
        await using GatewayTestClient _1 = client;
        int timers = time.TimersCreated;

        emulator.DelayDispatches(TimeSpan.FromSeconds(30));
        await emulator.PostMessageAsync(emulator.AliceUserId, emulator.DefaultChannelId, "delayed");
        Task<GatewayFrame> receive = client.ReceiveAsync();
        await time.WhenTimersCreatedAsync(timers + 1); // the dispatch waits on the clock now
        bool earlyArrival = receive.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(30));
        GatewayFrame frame = await receive;

        Assert.That(earlyArrival, Is.False, "the dispatch went out before the fake clock moved");
        Assert.That(frame.T, Is.EqualTo("MESSAGE_CREATE"));
    }

    [Test]
    public async Task ZlibStream_OneDeflateContext_EveryMessageEndsWithSyncFlush()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        await using GatewayTestClient client = await GatewayTestClient.ConnectAsync(emulator, "?v=10&encoding=json&compress=zlib-stream");

        await client.ReceiveAsync(); // HELLO (binary)
        await client.IdentifyAsync(emulator.BotToken, GatewayIntentBits.Guilds);
        await client.ReceiveAsync(); // READY
        await client.ReceiveAsync(); // GUILD_CREATE
        using var all = new MemoryStream();
        foreach (byte[] message in client.BinaryMessages)
        {
            all.Write(message);
        }
        all.Position = 0;
        using var inflate = new ZLibStream(all, CompressionMode.Decompress);
        using var text = new MemoryStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = inflate.Read(buffer)) > 0)
        {
            text.Write(buffer, 0, read);
        }
        var reader = new Utf8JsonReader(text.ToArray(), new JsonReaderOptions { AllowMultipleValues = true });
        var ops = new List<string?>();
        while (reader.Read())
        {
            using JsonDocument doc = JsonDocument.ParseValue(ref reader);
            ops.Add(doc.RootElement.GetProperty("op").GetInt32() + ":" + (doc.RootElement.GetProperty("t").GetString() ?? ""));
        }

        Assert.That(client.BinaryMessages, Has.Count.EqualTo(3));
        Assert.That(client.BinaryMessages.Select(m => Convert.ToHexString(m.AsSpan(m.Length - 4))), Is.All.EqualTo("0000FFFF"));
        Assert.That(client.BinaryMessages[0][0], Is.EqualTo(0x78), "zlib header only at the start of the stream");
        Assert.That(client.BinaryMessages[1][0], Is.Not.EqualTo(0x78));
        Assert.That(ops, Is.EqualTo(new[] { "10:", "0:READY", "0:GUILD_CREATE" }));
    }

    [Test]
    public async Task WithoutCompression_FramesAreText()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        await using GatewayTestClient client = await GatewayTestClient.ConnectAsync(emulator);

        GatewayFrame hello = await client.ReceiveAsync();

        Assert.That(hello.Op, Is.EqualTo(10));
        Assert.That(client.BinaryMessages, Is.Empty);
    }

    [Test]
    public async Task Frames_AreRecordedBothWaysWithTimestamps()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        DateTimeOffset before = DateTimeOffset.UtcNow.AddSeconds(-1);
        (GatewayTestClient client, _) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator);
        await using GatewayTestClient _1 = client;

        RecordedFrame identify = await emulator.WaitForFrameAsync(f => f.Direction == FrameDirection.Received && f.Opcode == 2, GatewayTestClient.Timeout);
        RecordedFrame ready = await emulator.WaitForDispatchAsync("READY", GatewayTestClient.Timeout);

        Assert.That(identify.Json, Does.Contain("\"op\":2"));
        Assert.That(identify.Timestamp, Is.GreaterThan(before));
        Assert.That(ready.Sequence, Is.EqualTo(1));
        Assert.That(ready.ConnectionId, Is.EqualTo(identify.ConnectionId));
        Assert.That(emulator.Frames[0].Opcode, Is.EqualTo(10));
    }

    [Test]
    public async Task Flood_MentionEvery100_ClientReceivesAllWithTheRightShareOfMentions()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        (GatewayTestClient client, _) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator);
        await using GatewayTestClient _1 = client;
        int framesBefore = emulator.Frames.Count;

        Task<FloodResult> flood = emulator.FloodAsync(new FloodOptions { Count = 3000, MentionEvery = 100, AuthorCount = 50 });
        int received = 0, mentions = 0;
        var authors = new HashSet<string>();
        long lastSeq = 0;
        bool ordered = true;
        while (received < 3000)
        {
            GatewayFrame f = await client.ReceiveAsync();
            if (f.T != "MESSAGE_CREATE")
            {
                continue;
            }
            received++;
            ordered &= f.S > lastSeq;
            lastSeq = f.S!.Value;
            authors.Add(f.D.GetProperty("author").GetProperty("id").GetString()!);
            if (f.D.GetProperty("mentions").GetArrayLength() == 1)
            {
                mentions++;
            }
        }
        FloodResult result = await flood;

        Assert.That(result.Sent, Is.EqualTo(3000));
        Assert.That(result.Mentions, Is.EqualTo(30));
        Assert.That(mentions, Is.EqualTo(30));
        Assert.That(authors, Has.Count.EqualTo(50));
        Assert.That(ordered, Is.True);
        Assert.That(emulator.Frames.Count - framesBefore, Is.LessThan(10), "flood frames must not be recorded");
    }

    [Test]
    public async Task Flood_NoSession_Throws()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();

        Assert.That(() => emulator.FloodAsync(new FloodOptions { Count = 10 }), Throws.InvalidOperationException);
    }

    [Test]
    public async Task RequestGuildMembers_Op8_AnswersWithOneChunk()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        (GatewayTestClient client, _) = await GatewayTestClient.ConnectAndIdentifyAsync(emulator);
        await using GatewayTestClient _1 = client;

        await client.SendAsync($"{{\"op\":8,\"d\":{{\"guild_id\":\"{emulator.DefaultGuildId}\",\"query\":\"\",\"limit\":0,\"nonce\":\"n\"}}}}");
        JsonElement chunk = (await client.WaitForDispatchAsync("GUILD_MEMBERS_CHUNK")).D;

        Assert.That(chunk.GetProperty("members").GetArrayLength(), Is.EqualTo(4));
        Assert.That(chunk.GetProperty("nonce").GetString(), Is.EqualTo("n"));
        Assert.That(chunk.GetProperty("chunk_count").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task Shards_EachSessionGetsOnlyItsGuilds()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync(new EmulatorOptions { MaxConcurrency = 2 });
        var guilds = new List<ulong> { emulator.DefaultGuildId };
        for (int i = 0; i < 5; i++)
        {
            guilds.Add(emulator.CreateGuild("g" + i));
        }
        var seen = new List<string>[2];
        for (int shard = 0; shard < 2; shard++)
        {
            await using GatewayTestClient client = await GatewayTestClient.ConnectAsync(emulator);
            await client.ReceiveAsync();
            await client.IdentifyAsync(emulator.BotToken, GatewayIntentBits.Guilds, $"[{shard},2]");
            GatewayFrame ready = await client.WaitForDispatchAsync("READY");
            seen[shard] = [.. ready.D.GetProperty("guilds").EnumerateArray().Select(g => g.GetProperty("id").GetString()!)];
            Assert.That(ready.D.GetProperty("shard").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(new[] { shard, 2 }));
        }

        Assert.That(seen[0].Concat(seen[1]), Is.EquivalentTo(guilds.Select(g => g.ToString())));
        Assert.That(seen[0].Select(g => (ulong.Parse(g) >> 22) % 2).Distinct(), Is.EqualTo(new ulong[] { 0 }).Or.Empty);
    }
}
