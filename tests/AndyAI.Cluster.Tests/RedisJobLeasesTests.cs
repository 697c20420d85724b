using AndyAI.Cluster.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace AndyAI.Cluster.Tests;

/// <summary>Cluster-wide scheduled jobs: two processes (each its own Redis connection) claiming the same ticks on one real Redis.</summary>
public sealed class RedisJobLeasesTests : RedisFixture
{
    private static readonly DateTimeOffset Tick = new(2026, 11, 26, 12, 1, 0, TimeSpan.Zero);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Test]
    public async Task SameTick_TwoProcesses_OnlyOneClaimsIt()
    {
        (RedisJobLeases a, _) = await CreateProcessAsync("a");
        (RedisJobLeases b, _) = await CreateProcessAsync("b");

        JobClaim first = await a.ClaimAsync("Digest", "daily", Tick, Minute, CancellationToken.None);
        JobClaim second = await b.ClaimAsync("Digest", "daily", Tick, Minute, CancellationToken.None);
        await first.Lease!.DisposeAsync();
        JobClaim again = await b.ClaimAsync("Digest", "daily", Tick, Minute, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first.Outcome, Is.EqualTo(JobClaimOutcome.Claimed));
            Assert.That(second.Outcome, Is.EqualTo(JobClaimOutcome.Taken));
            Assert.That(again.Outcome, Is.EqualTo(JobClaimOutcome.Taken), "a tick that ran stays claimed after the run (a late clock cannot run it twice)");
        });
    }

    [Test]
    public async Task FirstTick_WhileTheFirstConnectionIsStillBeingMade_WaitsForIt_InsteadOfCallingRedisDown()
    {
        var redis = new RedisConnection(Options.Create(new ClusterOptions { RedisUrl = Server.Url, InstanceName = "starting" }), TimeProvider.System, NullLogger<RedisConnection>.Instance);
        Disposables.Add(redis);
        var leases = new RedisJobLeases(redis, TimeProvider.System, NullLogger<RedisJobLeases>.Instance);

        redis.Start(); // as at the host's start: the cogs (and their first ticks) do not wait for Redis
        JobClaim claim = await leases.ClaimAsync("Digest", "starting", Tick, Minute, CancellationToken.None);

        Assert.That(claim.Outcome, Is.EqualTo(JobClaimOutcome.Claimed));
        await claim.Lease!.DisposeAsync();
    }

    [Test]
    public async Task NextTick_WhileARunGoesOnElsewhere_IsSkippedEverywhere()
    {
        (RedisJobLeases a, _) = await CreateProcessAsync("a");
        (RedisJobLeases b, _) = await CreateProcessAsync("b");
        JobClaim running = await a.ClaimAsync("Digest", "daily", Tick, Minute, CancellationToken.None);

        JobClaim duringRun = await b.ClaimAsync("Digest", "daily", Tick + Minute, Minute, CancellationToken.None);
        await running.Lease!.DisposeAsync();
        JobClaim skippedTickLater = await b.ClaimAsync("Digest", "daily", Tick + Minute, Minute, CancellationToken.None);
        JobClaim afterRun = await b.ClaimAsync("Digest", "daily", Tick + 2 * Minute, Minute, CancellationToken.None);

        Assert.Multiple(() =>
        {
            // Busy, not Taken: nobody runs that tick, and !cogs must not say it "ran in another process".
            Assert.That(duringRun.Outcome, Is.EqualTo(JobClaimOutcome.Busy), "never two runs of one job at once in the cluster");
            Assert.That(skippedTickLater.Outcome, Is.EqualTo(JobClaimOutcome.Busy), "the tick met during the run is skipped, not run late");
            Assert.That(afterRun.Outcome, Is.EqualTo(JobClaimOutcome.Claimed));
        });
        await afterRun.Lease!.DisposeAsync();
    }

    [Test]
    public async Task OtherJobOrCog_IsNotBlocked()
    {
        (RedisJobLeases a, _) = await CreateProcessAsync("a");
        JobClaim digest = await a.ClaimAsync("Digest", "daily", Tick, Minute, CancellationToken.None);

        JobClaim otherJob = await a.ClaimAsync("Digest", "weekly", Tick, Minute, CancellationToken.None);
        JobClaim otherCog = await a.ClaimAsync("Reminders", "daily", Tick, Minute, CancellationToken.None);

        Assert.That((otherJob.Outcome, otherCog.Outcome), Is.EqualTo((JobClaimOutcome.Claimed, JobClaimOutcome.Claimed)));
        await digest.Lease!.DisposeAsync();
        await otherJob.Lease!.DisposeAsync();
        await otherCog.Lease!.DisposeAsync();
    }

    [Test]
    public async Task LongRun_LeaseIsRenewedBeforeItLapses()
    {
        var time = new FakeTimeProvider(Tick);
        (RedisJobLeases a, RedisConnection redis) = await CreateProcessAsync("a", time);
        JobClaim running = await a.ClaimAsync("Digest", "daily", Tick, Minute, CancellationToken.None);
        IDatabase db = redis.Database!;
        RedisKey key = redis.Prefix + "job:Digest:daily:running";
        await db.KeyExpireAsync(key, TimeSpan.FromSeconds(5)); // as if the lease were about to lapse

        time.Advance(RedisJobLeases.RenewEvery);

        await WaitUntilAsync(async () => await db.KeyTimeToLiveAsync(key) > TimeSpan.FromSeconds(10));
        await running.Lease!.DisposeAsync();
        Assert.That(await db.KeyExistsAsync(key), Is.False, "released after the run");
    }

    [Test]
    public async Task RedisRestartsWithoutItsData_DuringARun_TheRenewalTakesTheLeaseAgain_SoTheNextTickWaits()
    {
        var time = new FakeTimeProvider(Tick);
        var logs = new FakeLogCollector();
        (RedisJobLeases a, RedisConnection redis) = await CreateProcessAsync("a", time, new FakeLogger<RedisJobLeases>(logs));
        (RedisJobLeases b, RedisConnection redisB) = await CreateProcessAsync("b");
        JobClaim running = await a.ClaimAsync("Digest", "daily", Tick, Minute, CancellationToken.None);
        string key = redis.Prefix + "job:Digest:daily:running";

        await Server.StopAsync();
        await Server.StartAgainAsync(); // --save '': empty
        await WaitUntilAsync(async () => await AnswersAsync(redis) && await AnswersAsync(redisB));
        time.Advance(RedisJobLeases.RenewEvery);
        await WaitUntilAsync(async () => await redis.Database!.StringGetAsync(key) == redis.OwnerId
            && logs.GetSnapshot().Any(r => r.Level == LogLevel.Warning)); // the line follows the script
        JobClaim nextTick = await b.ClaimAsync("Digest", "daily", Tick + Minute, Minute, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(nextTick.Outcome, Is.EqualTo(JobClaimOutcome.Busy), "the run still goes: the next tick must not start elsewhere");
            Assert.That(logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning).Select(r => r.Message), Has.One.StartsWith(
                "Scheduled job lease " + key + " was gone from Redis while its run goes on (Redis restarted without its data, or was flushed); taken again."));
        });
        await running.Lease!.DisposeAsync();
        Assert.That(await redis.Database!.KeyExistsAsync(key), Is.False, "released after the run");
    }

    [Test]
    public async Task RedisDown_ClaimIsUnavailable()
    {
        (RedisJobLeases a, RedisConnection redis) = await CreateProcessAsync("a");

        await Server.StopAsync();
        await WaitUntilAsync(() => Task.FromResult(!redis.IsAvailable));
        JobClaim claim = await a.ClaimAsync("Digest", "daily", Tick, Minute, CancellationToken.None);

        Assert.That(claim.Outcome, Is.EqualTo(JobClaimOutcome.Unavailable));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task AddAndyAICluster_JobLeasesOnlyWithARedisUrl(bool withRedis)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cluster:RedisUrl"] = withRedis ? Server.Url : null,
        }).Build();
        await using ServiceProvider provider = new ServiceCollection().AddAndyAICluster(configuration).BuildServiceProvider();

        // The host's cog contexts take it when registered; without it every job runs in the one process.
        Assert.That(provider.GetService<IJobLeases>(), withRedis ? Is.TypeOf<RedisJobLeases>() : Is.Null);
    }

    private static async Task<bool> AnswersAsync(RedisConnection redis)
    {
        try
        {
            return redis.Database is { } db && await db.PingAsync() > TimeSpan.Zero;
        }
        catch (RedisException)
        {
            return false;
        }
    }

    [Test]
    public async Task Lease_DisposedTwice_DoesNotReleaseTheLeaseTheProcessTookAgainSince()
    {
        // A run given up after ignoring its cancellation and ending at that moment: both hands may give its lease back.
        (RedisJobLeases a, _) = await CreateProcessAsync("a");
        (RedisJobLeases b, _) = await CreateProcessAsync("b");
        JobClaim first = await a.ClaimAsync("Digest", "twice", Tick, Minute, CancellationToken.None);
        await first.Lease!.DisposeAsync();
        JobClaim second = await a.ClaimAsync("Digest", "twice", Tick + Minute, Minute, CancellationToken.None);

        await first.Lease.DisposeAsync();
        JobClaim elsewhere = await b.ClaimAsync("Digest", "twice", Tick + (2 * Minute), Minute, CancellationToken.None);
        await second.Lease!.DisposeAsync();

        Assert.That(second.Outcome, Is.EqualTo(JobClaimOutcome.Claimed));
        Assert.That(elsewhere.Outcome, Is.EqualTo(JobClaimOutcome.Busy), "the second run's lease still holds the job");
    }

    private async Task<(RedisJobLeases Leases, RedisConnection Redis)> CreateProcessAsync(string name, TimeProvider? time = null, ILogger<RedisJobLeases>? logger = null)
    {
        var redis = new RedisConnection(Options.Create(new ClusterOptions { RedisUrl = Server.Url, InstanceName = name }), TimeProvider.System, NullLogger<RedisConnection>.Instance);
        redis.Start();
        Disposables.Add(redis);
        await WaitUntilAsync(() => Task.FromResult(redis.IsAvailable));
        return (new RedisJobLeases(redis, time ?? TimeProvider.System, logger ?? NullLogger<RedisJobLeases>.Instance), redis);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(Guard);
        while (!await condition()) await Task.Delay(10, timeout.Token);
    }
}
