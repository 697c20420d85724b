using AndyAI.Cluster.Admin;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AndyAI.Cluster.Tests;

public sealed class ClusterBroadcastTests : RedisFixture
{
    [Test]
    public async Task AskEveryone_EveryLiveProcessAnswers_AndASilentOneIsNamed()
    {
        ClusterBroadcast a = await JoinAsync("a", answers: true);
        await JoinAsync("b", answers: true);
        await JoinAsync("c", answers: false);

        IReadOnlyList<ClusterAnswer> answers = await a.AskEveryoneAsync("reload", "Chat", _ => Task.FromResult("a did reload Chat"), CancellationToken.None);

        Assert.That(answers.Select(x => (x.Instance, x.Text, x.IsLocal)), Is.EqualTo(new[]
        {
            ("a", (string?)"a did reload Chat", true),
            ("b", "b did reload Chat", false),
            ("c", null, false),
        }));
    }

    [Test]
    public async Task AskEveryone_TwoProcessesWithOneName_AreToldApartByTheirOwnerIds()
    {
        ClusterBroadcast a = await JoinAsync("a", answers: true);
        await JoinAsync("b", answers: true);
        await JoinAsync("b", answers: true);

        IReadOnlyList<ClusterAnswer> answers = await a.AskEveryoneAsync("cogs", "", _ => Task.FromResult("here"), CancellationToken.None);

        string[] names = [.. answers.Select(x => x.Instance)];
        Assert.That(names, Is.Unique);
        Assert.That(names[0], Is.EqualTo("a"), "a name used once stays as it is");
        Assert.That(names[1..], Has.All.Match("^b/[0-9a-f]{8}$"));
    }

    [Test]
    public async Task AskEveryone_RedisDown_OnlyThisProcessAnswers()
    {
        ClusterBroadcast a = await JoinAsync("a", answers: true);
        await JoinAsync("b", answers: true);
        await Server.StopAsync();

        IReadOnlyList<ClusterAnswer> answers = await a.AskEveryoneAsync("cogs", "", _ => Task.FromResult("here"), CancellationToken.None);

        Assert.That(answers.Select(x => x.Instance), Is.EqualTo(new[] { "a" }));
    }

    private async Task<ClusterBroadcast> JoinAsync(string name, bool answers)
    {
        var redis = new RedisConnection(Options.Create(new ClusterOptions { RedisUrl = Server.Url, InstanceName = name, AdminReplyTimeout = TimeSpan.FromSeconds(1) }),
            TimeProvider.System, NullLogger<RedisConnection>.Instance);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        redis.Restored += () => ready.TrySetResult();
        redis.Start();
        await ready.Task.WaitAsync(Guard);
        Disposables.Add(redis);
        var members = new ClusterMembers(redis, TimeProvider.System);
        await members.HeartbeatAsync(redis.Database!);
        var broadcast = new ClusterBroadcast(redis, members, TimeProvider.System, NullLogger<ClusterBroadcast>.Instance);
        if (answers)
        {
            await broadcast.StartAnsweringAsync((kind, argument, _) => Task.FromResult($"{name} did {kind} {argument}"));
        }

        return broadcast;
    }
}
