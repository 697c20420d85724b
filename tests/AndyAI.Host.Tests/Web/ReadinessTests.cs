using AndyAI.Discord.Hosting;
using AndyAI.Host.Web;

namespace AndyAI.Host.Tests.Web;

public sealed class ReadinessTests
{
    [Test]
    public void NoShardReason_StandbyWhileRedisIsUnreachable_BlamesRedisNotDiscord()
    {
        // Seen with two processes: the standby's /readyz said "discord: connecting (no shard connected yet)" while
        // Redis was down, as if Discord were the problem.
        string? reason = Readiness.NoShardReason(DiscordConnectionState.Connecting, clustered: true, redisAvailable: false, claimRoundCompleted: true);

        Assert.That(reason, Is.EqualTo("discord: no shard held (none is claimed while Redis is unreachable)"));
    }

    [Test]
    public void NoShardReason_StandbyAfterALeaseRound_IsReady()
    {
        Assert.That(Readiness.NoShardReason(DiscordConnectionState.Connecting, clustered: true, redisAvailable: true, claimRoundCompleted: true), Is.Null);
    }

    [Test]
    public void NoShardReason_BeforeTheFirstLeaseRound_IsWaiting()
    {
        Assert.That(Readiness.NoShardReason(DiscordConnectionState.Connecting, clustered: true, redisAvailable: true, claimRoundCompleted: false),
            Is.EqualTo("discord: waiting for the first shard lease round (no shard claimed yet)"));
    }

    [Test]
    public void NoShardReason_SingleProcess_SaysTheConnectionState()
    {
        Assert.That(Readiness.NoShardReason(DiscordConnectionState.Connecting, clustered: false, redisAvailable: false, claimRoundCompleted: false),
            Is.EqualTo("discord: connecting (no shard connected yet)"));
    }
}
