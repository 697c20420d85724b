using AndyAI.Emulator.Tests.Support;

namespace AndyAI.Emulator.Tests.Conformance;

/// <summary>
/// Proof of fidelity: discord.js 14 (a client none of us wrote) logs in against the emulator, receives a mention,
/// replies, survives op 7 and a withheld heartbeat ACK by resuming, and gets messages posted while it was
/// disconnected exactly once. If this fails because discord.js needs something, fix the emulator, not the check.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DiscordJsConformanceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Test]
    public async Task DiscordJs_LoginMentionReplyReconnectAndZombieResume_EveryMessageExactlyOnce()
    {
        string scriptDir = Path.Combine(RepoPaths.Root, "tests", "conformance");
        Assert.That(Directory.Exists(Path.Combine(scriptDir, "node_modules", "discord.js")), Is.True,
            "discord.js is not installed: run `npm ci` in tests/conformance (test.sh does it)");
        // A short heartbeat so the withheld ACK is noticed within a second or two; everything else is Discord's default.
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync(new EmulatorOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(1500) });
        await using var node = NodeScript.Start(scriptDir, "conformance.js", new Dictionary<string, string>
        {
            ["EMULATOR_REST_URL"] = emulator.RestBaseUrl,
            ["EMULATOR_BOT_TOKEN"] = emulator.BotToken,
        });

        // login + ready (discord.js emits ready only after GUILD_CREATE for every guild in READY)
        JsonElement ready = await node.WaitForAsync(e => e.Event == "ready", Timeout);
        Assert.That(ready.GetProperty("userId").GetString(), Is.EqualTo(emulator.BotUserId.ToString()));
        JsonElement guild = ready.GetProperty("guilds")[0];
        Assert.That(guild.GetProperty("channels").GetInt32(), Is.GreaterThanOrEqualTo(1), "GUILD_CREATE channels not cached");

        // receive a mention, reply; the emulator records the reply
        EmulatorMessage mention = await emulator.PostMessageAsync(emulator.AliceUserId, emulator.DefaultChannelId, $"<@{emulator.BotUserId}> ping");
        JsonElement seen = await node.WaitForAsync(e => e.Event == "message" && e.Id == mention.Id.ToString(), Timeout);
        Assert.That(seen.GetProperty("mentionsBot").GetBoolean(), Is.True);
        EmulatorMessage reply = await emulator.WaitForBotMessageAsync(m => m.ReferencedMessageId == mention.Id, Timeout);
        Assert.That(reply.Content, Is.EqualTo($"pong {mention.Id}"));
        Assert.That(reply.AllowedMentions?.Parse, Is.Empty);
        await node.WaitForAsync(e => e.Event == "message" && e.Id == reply.Id.ToString(), Timeout); // dispatched back, as Discord does

        List<ulong> posted = [mention.Id];

        // op 7 RECONNECT: discord.js closes with 4200 and resumes; messages sent meanwhile arrive after RESUMED
        posted.AddRange(await DisconnectPostAndResumeAsync(emulator, node, () => emulator.SendReconnect(), "op7"));

        // withheld heartbeat ACK: discord.js declares the connection a zombie and resumes
        posted.AddRange(await DisconnectPostAndResumeAsync(emulator, node, () => emulator.WithholdHeartbeatAcks(), "zombie"));

        // exactly once, and never a second IDENTIFY
        foreach (ulong id in posted)
        {
            Assert.That(node.Events.Count(e => e.Event == "message" && e.Id == id.ToString()), Is.EqualTo(1), $"message {id}");
        }
        Assert.That(emulator.Frames.Count(f => f.Direction == FrameDirection.Received && f.Opcode == 2), Is.EqualTo(1), "re-identified instead of resuming");
        // At least our two; a loaded machine may delay an ACK past discord.js's next beat, and it then resumes once more.
        Assert.That(emulator.Frames.Count(f => f.Direction == FrameDirection.Received && f.Opcode == 6), Is.GreaterThanOrEqualTo(2));
        Assert.That(node.Events.Where(e => e.Event == "error").Select(e => e.Raw.ToString()), Is.Empty);

        // clean shutdown: discord.js closes with 1000, which ends the session
        await node.CloseInputAsync();
        await node.WaitForAsync(e => e.Event == "destroyed", Timeout);
        RecordedFrame close = await emulator.WaitForFrameAsync(f => f.Direction == FrameDirection.Received && f.CloseCode is not null && f.Timestamp > DateTimeOffset.MinValue && f.CloseCode == 1000, Timeout);
        Assert.That(close.CloseCode, Is.EqualTo(1000));
    }

    private static async Task<List<ulong>> DisconnectPostAndResumeAsync(DiscordEmulator emulator, NodeScript node, Action fault, string label)
    {
        int resumedBefore = node.Events.Count(e => e.Event == "resumed");
        emulator.HoldGatewayConnections();
        fault();
        await emulator.WaitForNoConnectionsAsync(Timeout);

        var ids = new List<ulong>();
        for (int i = 0; i < 3; i++)
        {
            EmulatorMessage m = await emulator.PostMessageAsync(emulator.BobUserId, emulator.DefaultChannelId, $"{label} while away {i}");
            ids.Add(m.Id);
        }
        emulator.ReleaseGatewayConnections();

        await node.WaitForAsync(e => e.Event == "resumed", Timeout, skip: resumedBefore);
        foreach (ulong id in ids)
        {
            await node.WaitForAsync(e => e.Event == "message" && e.Id == id.ToString(), Timeout);
        }
        // the close before resuming was discord.js's "resuming" code
        Assert.That(emulator.Frames.Any(f => f.Direction == FrameDirection.Received && f.CloseCode == 4200), Is.True, label);
        return ids;
    }
}
