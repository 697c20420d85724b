using AndyAI.Abstractions.Jobs;
using AndyAI.Cluster;
using AndyAI.Cluster.Jobs;
using AndyAI.Cluster.Tests;
using AndyAI.Host.Cogs;
using AndyAI.Host.Cogs.Jobs;
using AndyAI.Host.Statistics;
using AndyAI.Host.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Host.Tests.Cogs.Jobs;

/// <summary>Two bot processes (two context factories, each with its own Redis connection) run one cog's cluster-wide job on a real Redis.</summary>
public sealed class CogJobClusterTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private readonly List<IAsyncDisposable> _disposables = [];
    private RedisServer _redis = null!;
    private FakeTimeProvider _time = null!;
    private BotStatistics _statistics = null!;
    private string _dataRoot = null!;

    [SetUp]
    public async Task SetUp()
    {
        _redis = await RedisServer.StartAsync();
        _time = new FakeTimeProvider(Start);
        _statistics = new BotStatistics(_time);
        _dataRoot = Path.Combine(Path.GetTempPath(), "andyai-host-tests", Guid.NewGuid().ToString("N"));
    }

    [TearDown]
    public async Task TearDown()
    {
        for (int i = _disposables.Count - 1; i >= 0; i--)
        {
            await _disposables[i].DisposeAsync();
        }

        _statistics.Dispose();
        await _redis.DisposeAsync();
        if (Directory.Exists(_dataRoot))
        {
            Directory.Delete(_dataRoot, recursive: true);
        }
    }

    [Test]
    public async Task ClusterWideJob_TwoProcesses_EachTickRunsInOneOfThem()
    {
        var runs = new System.Collections.Concurrent.ConcurrentBag<(string Process, DateTimeOffset Tick)>();
        ICogContextScope a = await StartProcessAsync("a", runs, clusterWide: true);
        ICogContextScope b = await StartProcessAsync("b", runs, clusterWide: true);

        for (int i = 1; i <= 3; i++)
        {
            _time.Advance(Minute);
            DateTimeOffset tick = Start + i * Minute;
            await WaitUntilAsync(() => a.ScheduledJobs.Single().LastRun == tick && b.ScheduledJobs.Single().LastRun == tick);
        }

        Assert.That(runs.Select(r => r.Tick).Order(), Is.EqualTo(new[] { Start + Minute, Start + 2 * Minute, Start + 3 * Minute }), "one run per tick in the cluster");
    }

    [Test]
    public async Task PerProcessJob_TwoProcesses_RunsInBoth()
    {
        var runs = new System.Collections.Concurrent.ConcurrentBag<(string Process, DateTimeOffset Tick)>();
        ICogContextScope a = await StartProcessAsync("a", runs, clusterWide: false);
        ICogContextScope b = await StartProcessAsync("b", runs, clusterWide: false);

        _time.Advance(Minute);
        await WaitUntilAsync(() => a.ScheduledJobs.Single().LastRun is not null && b.ScheduledJobs.Single().LastRun is not null);

        Assert.That(runs.Select(r => r.Process).Order(), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public async Task RunIgnoringItsCancellation_GivenUpAfterTheGrace_ReleasesTheLease_SoAnotherProcessRunsTheJob()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ICogContextScope a = await StartProcessAsync("a", async _ =>
        {
            started.TrySetResult();
            await release.Task; // ignores job.CancellationToken
        }, clusterWide: true);
        _time.Advance(Minute); // 12:01: a claims the tick and holds the job's running lease
        await started.Task.WaitAsync(Guard);
        var runs = new System.Collections.Concurrent.ConcurrentBag<(string Process, DateTimeOffset Tick)>();
        ICogContextScope b = await StartProcessAsync("b", runs, clusterWide: true);

        _time.Advance(TimeSpan.FromSeconds(58));
        a.Deactivate(); // a unloads the cog at 12:01:58; its run goes on
        _time.Advance(TimeSpan.FromSeconds(2)); // 12:02, within the grace: the lease still holds the job
        await WaitUntilAsync(() => b.ScheduledJobs.Single().LastRun == Start + 2 * Minute);
        string? withinGrace = b.ScheduledJobs.Single().LastResult;

        Task<IReadOnlyList<string>> stuck = a.StuckJobRunsAsync();
        _time.Advance(TimeSpan.FromSeconds(3)); // 5 s after the stop: given up, the lease released
        IReadOnlyList<string> stuckJobs = await stuck.WaitAsync(Guard);
        _time.Advance(TimeSpan.FromSeconds(57)); // 12:03
        await WaitUntilAsync(() => b.ScheduledJobs.Single().LastRun == Start + 3 * Minute);

        Assert.Multiple(() =>
        {
            Assert.That(withinGrace, Is.EqualTo("skipped: its previous run is still going"));
            Assert.That(stuckJobs, Is.EqualTo(new[] { "post" }));
            Assert.That(b.ScheduledJobs.Single().LastResult, Is.EqualTo("ok"), "no longer blocked cluster-wide by the stuck run");
            Assert.That(runs.Select(r => r.Tick), Is.EqualTo(new[] { Start + 3 * Minute }));
        });
        release.SetResult();
    }

    private Task<ICogContextScope> StartProcessAsync(string name, System.Collections.Concurrent.ConcurrentBag<(string, DateTimeOffset)> runs, bool clusterWide) =>
        StartProcessAsync(name, job =>
        {
            runs.Add((name, job.ScheduledTime));
            return default;
        }, clusterWide);

    private async Task<ICogContextScope> StartProcessAsync(string name, Func<IJobContext, ValueTask> handler, bool clusterWide)
    {
        var redis = new RedisConnection(Options.Create(new ClusterOptions { RedisUrl = _redis.Url, InstanceName = name }), TimeProvider.System, NullLogger<RedisConnection>.Instance);
        redis.Start();
        _disposables.Add(redis);
        await WaitUntilAsync(() => redis.IsAvailable);
        var leases = new RedisJobLeases(redis, _time, NullLogger<RedisJobLeases>.Instance);
        var factory = new CogContextFactory(new FakeDiscordBot(), new FakeCommandCatalog(), new FakeCogServicesFactory(), _statistics, NullLoggerFactory.Instance, _time, jobLeases: leases);
        ICogContextScope scope = factory.Create(new CogContextRequest("Digest", default, Path.Combine(_dataRoot, name), CancellationToken.None));
        _disposables.Add(scope);
        scope.Context.Jobs.Add("post", JobSchedule.Every(Minute), handler, new JobOptions { ClusterWide = clusterWide });
        scope.Activate();
        return scope;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Guard);
        while (!condition()) await Task.Delay(5, timeout.Token);
    }
}
