using AndyAI.Cluster;
using AndyAI.Cluster.Admin;
using AndyAI.Host.Admin;
using AndyAI.Host.Cogs.Supervision;
using AndyAI.Host.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AndyAI.Host.Tests.Admin;

public sealed class ClusterAdminTests
{
    [Test]
    public void Merge_OneProcess_IsItsReplyAsAlways() =>
        Assert.That(ClusterAdmin.Merge([new ClusterAnswer("a", "Chat: reloaded in 5 ms", true)], TimeSpan.FromSeconds(10)), Is.EqualTo("Chat: reloaded in 5 ms"));

    [Test]
    public void Merge_SeveralProcesses_OneSectionEachAndTheSilentNamed()
    {
        string merged = ClusterAdmin.Merge(
        [
            new ClusterAnswer("a", "Chat: reloaded in 5 ms", true),
            new ClusterAnswer("b", "Chat: reloaded in 7 ms", false),
            new ClusterAnswer("c", null, false),
        ], TimeSpan.FromSeconds(10));

        Assert.That(merged, Is.EqualTo("3 processes:\n**a** (this process):\nChat: reloaded in 5 ms\n**b**:\nChat: reloaded in 7 ms\n**c**: did not answer within 10 s"));
    }

    [Test]
    public async Task RunEverywhere_RedisUnreachable_ActsHereAndSaysOnlyThisProcessActed()
    {
        var supervisor = new FakeCogSupervisor();
        supervisor.Outcomes["Chat"] = new CogOutcome("Chat", CogOutcomeKind.Reloaded, TimeSpan.FromMilliseconds(5));
        // Never started: Redis is unreachable as far as this process knows.
        await using var redis = new RedisConnection(Options.Create(new ClusterOptions { RedisUrl = "127.0.0.1:1", InstanceName = "bot-a" }), TimeProvider.System, NullLogger<RedisConnection>.Instance);
        using var broadcast = new ClusterBroadcast(redis, new ClusterMembers(redis, TimeProvider.System), TimeProvider.System, NullLogger<ClusterBroadcast>.Instance);
        var admin = new ClusterAdmin(supervisor, broadcast, redis);

        string reply = await admin.RunEverywhereAsync(ClusterAdmin.Reload, "Chat", CancellationToken.None);

        Assert.That(supervisor.Calls, Is.EqualTo(new[] { "reload Chat" }));
        Assert.That(reply, Is.EqualTo("Chat: reloaded in 5 ms\n(Redis is unreachable: only this process, bot-a, acted.)"));
    }

    [Test]
    public async Task RunHere_UnknownRequest_SaysSoInsteadOfThrowing()
    {
        await using var redis = new RedisConnection(Options.Create(new ClusterOptions { RedisUrl = "127.0.0.1:1" }), TimeProvider.System, NullLogger<RedisConnection>.Instance);
        using var broadcast = new ClusterBroadcast(redis, new ClusterMembers(redis, TimeProvider.System), TimeProvider.System, NullLogger<ClusterBroadcast>.Instance);
        var admin = new ClusterAdmin(new FakeCogSupervisor(), broadcast, redis);

        Assert.That(await admin.RunHereAsync("teleport", "", CancellationToken.None), Does.Contain("unknown request 'teleport'"));
    }
}
