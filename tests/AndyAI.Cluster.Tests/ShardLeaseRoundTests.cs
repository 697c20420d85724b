using AndyAI.Cluster.Shards;
using AndyAI.Discord;
using AndyAI.Discord.Gateway;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Cluster.Tests;

/// <summary>
/// Lease rounds driven by hand on a fake clock against a real Redis: <see cref="RedisShardCoordinator.ClaimRoundCompleted"/>,
/// which <c>/readyz</c> reads to tell a standby (holds no shard because the others hold them all) from a process still
/// starting (holds none because it has not claimed yet), and the warning when a shard in SHARD_IDS runs elsewhere.
/// </summary>
public sealed class ShardLeaseRoundTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(15);

    private RedisServer _redis = null!;
    private readonly List<RedisConnection> _connections = [];

    [SetUp]
    public async Task SetUp() => _redis = await RedisServer.StartAsync();

    [TearDown]
    public async Task TearDown()
    {
        foreach (RedisConnection connection in _connections) await connection.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Test]
    public async Task FreshRedis_NoRoundUntilTheOwnersHadATtlToReassert_ThenTheShardsAreClaimed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        (RedisShardCoordinator coordinator, Runner runner) = await StartAsync("a", "any", time);

        await coordinator.TickAsync(runner, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(coordinator.ClaimRoundCompleted, Is.False, "claims wait one TTL on a Redis without an epoch: still starting, not a standby");
            Assert.That(runner.RunningShardIds, Is.Empty);
        });

        time.Advance(Ttl);
        await coordinator.TickAsync(runner, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(coordinator.ClaimRoundCompleted, Is.True);
            Assert.That(runner.RunningShardIds, Is.EquivalentTo(new[] { 0, 1 }));
        });
    }

    [Test]
    public async Task EveryShardHeldByAnother_AfterOneRound_IsAStandby()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        (_, Runner ownerRunner) = await StartHolderAsync("owner", "0-1", time);
        Assert.That(ownerRunner.RunningShardIds, Has.Count.EqualTo(2));

        (RedisShardCoordinator standby, Runner standbyRunner) = await StartAsync("standby", "0-1", time);
        Assert.That(standby.ClaimRoundCompleted, Is.False, "no tick yet");

        await standby.TickAsync(standbyRunner, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(standby.ClaimRoundCompleted, Is.True, "the epoch is known: the first tick claims at once, and finds nothing free");
            Assert.That(standbyRunner.RunningShardIds, Is.Empty);
        });
    }

    [Test]
    public async Task ExplicitShardsHeldByAnAnyProcess_AreWarnedAboutOncePerShard_NamingTheHolder()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await StartHolderAsync("first", "any", time);
        var log = new FakeLogger<RedisShardCoordinator>();
        (RedisShardCoordinator pinned, Runner pinnedRunner) = await StartAsync("pinned", "0-1", time, log);

        await pinned.TickAsync(pinnedRunner, CancellationToken.None);
        await pinned.TickAsync(pinnedRunner, CancellationToken.None);

        string[] warnings = [.. log.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Warning).Select(r => r.Message)];
        Assert.Multiple(() =>
        {
            Assert.That(pinnedRunner.RunningShardIds, Is.Empty, "a live holder keeps its lease");
            Assert.That(warnings, Has.Length.EqualTo(2), "one per shard, not one per round");
            Assert.That(warnings[0], Does.StartWith("Shard 0 is in this process's SHARD_IDS, but process first/"));
            Assert.That(warnings[1], Does.StartWith("Shard 1 is in this process's SHARD_IDS, but process first/"));
        });
    }

    [Test]
    public async Task ExplicitShard_StillUnderThisProcesssOwnLease_IsNotWarnedAboutAsHeldElsewhere()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var log = new FakeLogger<RedisShardCoordinator>();
        (RedisShardCoordinator pinned, Runner runner) = await StartAsync("pinned", "0-1", time, log);
        await pinned.TickAsync(runner, CancellationToken.None);
        time.Advance(Ttl);
        await pinned.TickAsync(runner, CancellationToken.None);

        runner.Lose(0); // the shard stopped here, its lease not yet lapsed
        await pinned.TickAsync(runner, CancellationToken.None);

        Assert.That(log.Collector.GetSnapshot().Where(r => r.Level >= LogLevel.Warning).Select(r => r.Message), Is.Empty);
    }

    [Test]
    public async Task AnyProcess_FindingTheShardsHeld_WarnsAboutNothing()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await StartHolderAsync("first", "0-1", time);
        var log = new FakeLogger<RedisShardCoordinator>();
        (RedisShardCoordinator spare, Runner spareRunner) = await StartAsync("spare", "any", time, log);

        await spare.TickAsync(spareRunner, CancellationToken.None);

        Assert.That(log.Collector.GetSnapshot().Where(r => r.Level >= LogLevel.Warning), Is.Empty, "a standby is what 'any' is for");
    }

    [Test]
    public async Task Rebalance_AProcessComesBack_GetsItsShareOneShardPerRound_OnlyAfterATtl()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        (RedisShardCoordinator survivor, Runner survivorRunner) = await StartHolderAsync("survivor", "any", time, shardCount: 4);
        Assert.That(survivorRunner.RunningShardIds, Has.Count.EqualTo(4), "alone: every shard");
        (RedisShardCoordinator back, Runner backRunner) = await StartAsync("back", "any", time, shardCount: 4);

        var held = new List<int>();
        for (int round = 0; round < 12; round++)
        {
            await back.TickAsync(backRunner, CancellationToken.None);
            await survivor.TickAsync(survivorRunner, CancellationToken.None);
            held.Add(survivorRunner.RunningShardIds.Count);
            time.Advance(Ttl / 3);
        }

        Assert.Multiple(() =>
        {
            Assert.That(held.Take(3), Is.All.EqualTo(4), "nothing moves before the newcomer has been live one TTL");
            Assert.That(held.Zip(held.Skip(1), (before, after) => before - after), Is.All.InRange(0, 1), "one shard per round at most");
            Assert.That(survivorRunner.RunningShardIds, Is.EquivalentTo(new[] { 0, 1 }), "the highest shards went");
            Assert.That(backRunner.RunningShardIds, Is.EquivalentTo(new[] { 2, 3 }));
            Assert.That(survivor.HandOffs, Is.EqualTo(2), "and none moved back");
            Assert.That(back.HandOffs, Is.Zero);
        });
    }

    [Test]
    public async Task Rebalance_Off_AProcessThatComesBackStaysAStandby()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        (RedisShardCoordinator survivor, Runner survivorRunner) = await StartHolderAsync("survivor", "any", time, shardCount: 4, rebalance: false);
        (RedisShardCoordinator back, Runner backRunner) = await StartAsync("back", "any", time, shardCount: 4, rebalance: false);

        for (int round = 0; round < 9; round++)
        {
            await back.TickAsync(backRunner, CancellationToken.None);
            await survivor.TickAsync(survivorRunner, CancellationToken.None);
            time.Advance(Ttl / 3);
        }

        Assert.That(survivorRunner.RunningShardIds, Has.Count.EqualTo(4));
        Assert.That(backRunner.RunningShardIds, Is.Empty);
        Assert.That(survivor.HandOffs, Is.Zero);
    }

    [Test]
    public async Task Rebalance_AnExplicitProcessNeverAsks_SoNothingIsReleasedThatItWouldNotTake()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        (RedisShardCoordinator survivor, Runner survivorRunner) = await StartHolderAsync("survivor", "any", time, shardCount: 4);
        (RedisShardCoordinator pinned, Runner pinnedRunner) = await StartAsync("pinned", "2-3", time, shardCount: 4);

        for (int round = 0; round < 9; round++)
        {
            await pinned.TickAsync(pinnedRunner, CancellationToken.None);
            await survivor.TickAsync(survivorRunner, CancellationToken.None);
            time.Advance(Ttl / 3);
        }

        Assert.That(survivorRunner.RunningShardIds, Has.Count.EqualTo(4));
        Assert.That(survivor.HandOffs, Is.Zero);
    }

    /// <summary>A process that has claimed its shards: its first round on a fresh Redis waits one TTL, its second claims.</summary>
    private async Task<(RedisShardCoordinator Coordinator, Runner Runner)> StartHolderAsync(string name, string shardIds, FakeTimeProvider time, int shardCount = 2, bool rebalance = true)
    {
        (RedisShardCoordinator coordinator, Runner runner) = await StartAsync(name, shardIds, time, shardCount: shardCount, rebalance: rebalance);
        await coordinator.TickAsync(runner, CancellationToken.None);
        time.Advance(Ttl);
        await coordinator.TickAsync(runner, CancellationToken.None);
        return (coordinator, runner);
    }

    private async Task<(RedisShardCoordinator Coordinator, Runner Runner)> StartAsync(string name, string shardIds, TimeProvider time, ILogger<RedisShardCoordinator>? logger = null, int shardCount = 2, bool rebalance = true)
    {
        var options = new ClusterOptions
        {
            RedisUrl = _redis.Url, InstanceName = name, ShardIds = shardIds, ShardCount = shardCount.ToString(System.Globalization.CultureInfo.InvariantCulture), LeaseTtl = Ttl, Rebalance = rebalance,
        };
        var redis = new RedisConnection(Options.Create(options), time, NullLogger<RedisConnection>.Instance);
        _connections.Add(redis);
        redis.Start();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (redis.Database is null)
        {
            await Task.Delay(10, timeout.Token);
        }

        var coordinator = new RedisShardCoordinator(redis, new ClusterMembers(redis, time), ShardPlan.Parse(options.ShardCount, shardIds, true), time, logger ?? NullLogger<RedisShardCoordinator>.Instance);
        return (coordinator, new Runner(shardCount));
    }

    /// <summary>Shards that start at once and stay healthy.</summary>
    private sealed class Runner(int shardCount) : IShardRunner
    {
        private readonly HashSet<int> _running = [];

        public int ShardCount => shardCount;

        public IReadOnlyCollection<int> RunningShardIds => [.. _running];

        public ValueTask<bool> StartShardAsync(int shardId, ShardSession? session, CancellationToken cancellationToken) => ValueTask.FromResult(_running.Add(shardId));

        public Task AbandonShardAsync(int shardId)
        {
            _running.Remove(shardId);
            return Task.CompletedTask;
        }

        public Task HandOffShardAsync(int shardId, Func<ShardSession?, Task> release)
        {
            _running.Remove(shardId);
            return release(null);
        }

        public (ShardSession? Session, bool Healthy) Inspect(int shardId) => (_running.Contains(shardId) ? new ShardSession("session-" + shardId, null, 1) : null, true);

        /// <summary>The shard stops running here without its lease being released (a crash of that shard alone).</summary>
        public void Lose(int shardId) => _running.Remove(shardId);
    }
}
