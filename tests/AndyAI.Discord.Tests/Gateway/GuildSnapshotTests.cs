using AndyAI.Discord.Gateway;

namespace AndyAI.Discord.Tests.Gateway;

/// <summary>A guild as one process kept it, stored as text with its shard's session and restored by the process that resumes it.</summary>
public sealed class GuildSnapshotTests
{
    private const ulong Guild = 10;
    private const ulong General = 100;
    private const ulong Thread = 101;
    private const ulong Members = 20;

    [Test]
    public void DescribedGuild_RoundTripsThroughText_AndRestoresWhatChecksRead()
    {
        var kept = new GatewayState();
        kept.AddGuild(Guild);
        kept.SetGuildPermissions(Guild, ownerId: 1, [(Guild, 1024), (Members, 32)]);
        kept.SetChannelGuild(General, Guild);
        kept.AddThread(Thread, Guild, General);
        kept.SetChannelGuild(200, Guild + 1);

        GuildSnapshot snapshot = kept.Describe([Guild]).Single().Value!;
        GuildSnapshot parsed = GuildSnapshot.Parse(Guild, snapshot.Format())!;
        var restored = new GatewayState();
        restored.Restore(parsed);

        Assert.Multiple(() =>
        {
            Assert.That(restored.GuildCount, Is.EqualTo(1));
            Assert.That((restored.HasChannel(Guild, General), restored.HasChannel(Guild, Thread), restored.HasChannel(Guild, 200)), Is.EqualTo((true, true, false)));
            Assert.That(restored.ThreadParent(Thread), Is.EqualTo(General));
            Assert.That(restored.HasRole(Guild, Members), Is.True);
            Assert.That(restored.MemberPermissions(Guild, 5, [Members]), Is.EqualTo(1024UL | 32));
            Assert.That(restored.MemberPermissions(Guild, 1, []), Is.EqualTo(ulong.MaxValue), "the owner");
        });
    }

    [Test]
    public void GuildNotDescribed_IsCountedButUnknownToChecks_AndAGuildGoneHasNoSnapshot()
    {
        var kept = new GatewayState();
        kept.AddGuild(Guild); // listed by READY, no GUILD_CREATE yet

        IReadOnlyList<KeyValuePair<ulong, GuildSnapshot?>> described = kept.Describe([Guild, Guild + 1]);
        var restored = new GatewayState();
        restored.Restore(GuildSnapshot.Parse(Guild, described[0].Value!.Format())!);

        Assert.Multiple(() =>
        {
            Assert.That(described[1].Value, Is.Null, "not known: deleted from the stored guilds");
            Assert.That(restored.GuildCount, Is.EqualTo(1));
            Assert.That(restored.HasChannel(Guild, General), Is.Null, "nothing to check against, as before its GUILD_CREATE");
        });
    }

    [TestCase("")]
    [TestCase("1;2:x;;")]
    [TestCase("1;2:3")]
    public void UnreadableText_IsNoSnapshot(string text) => Assert.That(GuildSnapshot.Parse(Guild, text), Is.Null);
}
