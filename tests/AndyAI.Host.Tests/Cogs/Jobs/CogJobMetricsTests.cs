using System.Diagnostics.Metrics;
using AndyAI.Abstractions.Jobs;
using AndyAI.Cluster.Jobs;
using AndyAI.Host.Cogs;
using AndyAI.Host.Cogs.Jobs;
using AndyAI.Host.Statistics;
using AndyAI.Host.Tests.Fakes;
using AndyAI.Host.Tests.Statistics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Host.Tests.Cogs.Jobs;

/// <summary>Scheduled jobs' metrics (meter AndyAI.Cogs) as the OpenTelemetry SDK behind /metrics collects them.</summary>
public sealed class CogJobMetricsTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private FakeTimeProvider _time = null!;
    private ServiceProvider _services = null!;
    private CogJobTable _table = null!;
    private SdkMetrics _metrics = null!;
    private BotStatistics _statistics = null!;
    private string _dataRoot = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(Start);
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        IMeterFactory meters = _services.GetRequiredService<IMeterFactory>();
        _table = new CogJobTable(meters, _time);
        _metrics = new SdkMetrics(meters);
        _statistics = new BotStatistics(_time, meters);
        _dataRoot = Path.Combine(Path.GetTempPath(), "andyai-host-tests", Guid.NewGuid().ToString("N"));
    }

    [TearDown]
    public void TearDown()
    {
        _metrics.Dispose();
        _statistics.Dispose();
        _services.Dispose();
        if (Directory.Exists(_dataRoot))
        {
            Directory.Delete(_dataRoot, recursive: true);
        }
    }

    [Test]
    public async Task Runs_ByOutcome_ExportedPerCogAndJob_EveryOutcomeFromZero_WithTheirDurations()
    {
        ICogContextScope scope = CreateScope(CreateFactory(), "Echo");
        int runs = 0;
        scope.Context.Jobs.Add("flaky", JobSchedule.Every(Minute), _ =>
            Interlocked.Increment(ref runs) == 2 ? throw new InvalidOperationException("boom") : default, new JobOptions { ClusterWide = false });
        scope.Context.Jobs.Add("idle", JobSchedule.Cron("0 9 * * *"), _ => default);
        scope.Activate();

        _time.Advance(Minute);
        _time.Advance(Minute);
        await WaitUntilAsync(() => scope.ScheduledJobs[0].LastResult == "failed (InvalidOperationException)");

        IReadOnlyList<SdkMetrics.Point> points = _metrics.Collect();
        Assert.Multiple(() =>
        {
            Assert.That(Value(points, "andyai.cogs.job.runs", "Echo", "flaky", ("outcome", "ok")), Is.EqualTo(1));
            Assert.That(Value(points, "andyai.cogs.job.runs", "Echo", "flaky", ("outcome", "failed")), Is.EqualTo(1));
            Assert.That(Value(points, "andyai.cogs.job.runs", "Echo", "flaky", ("outcome", "cancelled")), Is.Zero);
            Assert.That(Series(points, "andyai.cogs.job.runs", "Echo", "idle").Select(p => (p.Tags["outcome"], p.Value)),
                Is.EquivalentTo(new[] { ("ok", 0.0), ("failed", 0.0), ("cancelled", 0.0) }), "an alert on increase() sees 0, not no data");
            Assert.That(Series(points, "andyai.cogs.job.skipped", "Echo", "idle").Select(p => (p.Tags["reason"], p.Value)),
                Is.EquivalentTo(new[] { ("overlap", 0.0), ("cluster_overlap", 0.0), ("redis_unavailable", 0.0) }));
            Assert.That(Value(points, "andyai.cogs.job.abandoned", "Echo", "flaky"), Is.Zero);
            Assert.That(Value(points, "andyai.cogs.job.duration", "Echo", "flaky"), Is.EqualTo(2), "both runs, in the histogram");
            Assert.That(_statistics.Snapshot().Durations["cogs.job.duration"].Count, Is.EqualTo(2), "!stats reads the same instrument");
        });
    }

    [Test]
    public async Task Running_GaugeIsTheRunsAgeInSeconds_ZeroWhenIdle()
    {
        ICogContextScope scope = CreateScope(CreateFactory(), "Echo");
        var began = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        scope.Context.Jobs.Add("slow", JobSchedule.Every(TimeSpan.FromHours(1)), _ =>
        {
            began.TrySetResult();
            return new ValueTask(release.Task);
        }, new JobOptions { ClusterWide = false });
        scope.Context.Jobs.Add("idle", JobSchedule.Cron("0 9 * * *"), _ => default);
        scope.Activate();
        IReadOnlyList<SdkMetrics.Point> before = _metrics.Collect();

        _time.Advance(TimeSpan.FromHours(1)); // 13:00: the run begins
        await began.Task.WaitAsync(Guard);
        _time.Advance(TimeSpan.FromSeconds(90));
        IReadOnlyList<SdkMetrics.Point> going = _metrics.Collect();
        release.SetResult();
        await WaitUntilAsync(() => scope.ScheduledJobs[0].LastResult == "ok");
        IReadOnlyList<SdkMetrics.Point> ended = _metrics.Collect();

        Assert.Multiple(() =>
        {
            Assert.That(Value(before, "andyai.cogs.job.running", "Echo", "slow"), Is.Zero, "a live job's gauge is there at 0 before its first run");
            Assert.That(Value(going, "andyai.cogs.job.running", "Echo", "slow"), Is.EqualTo(90), "seconds since the handler was called");
            Assert.That(Value(going, "andyai.cogs.job.running", "Echo", "idle"), Is.Zero);
            Assert.That(Value(ended, "andyai.cogs.job.running", "Echo", "slow"), Is.Zero, "back to 0 once the run ended");
        });
    }

    [Test]
    public void Running_AGivenUpRunThatReturnsLate_LeavesTheNewRunOnTheGauge()
    {
        JobTally tally = _table.Acquire("Echo", "tick");
        long givenUp = _table.BeginRun(tally);
        _time.Advance(Minute);
        long current = _table.BeginRun(tally); // the reloaded instance's run, while the old one still goes
        _time.Advance(Minute);

        _table.EndRun(tally, givenUp, TimeSpan.FromMinutes(2));
        IReadOnlyList<SdkMetrics.Point> afterLateReturn = _metrics.Collect();
        _table.EndRun(tally, current, Minute);
        IReadOnlyList<SdkMetrics.Point> afterBoth = _metrics.Collect();

        Assert.Multiple(() =>
        {
            Assert.That(Value(afterLateReturn, "andyai.cogs.job.running", "Echo", "tick"), Is.EqualTo(60), "the new run's age, not 0");
            Assert.That(Value(afterBoth, "andyai.cogs.job.running", "Echo", "tick"), Is.Zero);
        });
    }

    [Test]
    public async Task Skipped_ByReason_OverlapRedisUnavailableAndARunGoingElsewhere()
    {
        var leases = new SettableLeases { Outcome = JobClaimOutcome.Unavailable };
        ICogContextScope scope = CreateScope(CreateFactory(leases), "Echo");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        scope.Context.Jobs.Add("slow", JobSchedule.Every(Minute), _ => new ValueTask(release.Task), new JobOptions { ClusterWide = false });
        scope.Context.Jobs.Add("shared", JobSchedule.Every(Minute), _ => default);
        scope.Activate();

        for (int i = 0; i < 3; i++) _time.Advance(Minute); // slow: one run, two ticks skipped; shared: Redis down thrice
        leases.Outcome = JobClaimOutcome.Busy;
        _time.Advance(Minute); // slow: a third skip; shared: a run goes in some process
        await WaitUntilAsync(() => scope.ScheduledJobs[1].LastResult == "skipped: its previous run is still going");

        IReadOnlyList<SdkMetrics.Point> points = _metrics.Collect();
        release.SetResult();
        Assert.Multiple(() =>
        {
            Assert.That(Value(points, "andyai.cogs.job.skipped", "Echo", "slow", ("reason", "overlap")), Is.EqualTo(3));
            Assert.That(Value(points, "andyai.cogs.job.skipped", "Echo", "shared", ("reason", "redis_unavailable")), Is.EqualTo(3));
            Assert.That(Value(points, "andyai.cogs.job.skipped", "Echo", "shared", ("reason", "cluster_overlap")), Is.EqualTo(1));
            Assert.That(Series(points, "andyai.cogs.job.runs", "Echo", "shared").Sum(p => p.Value), Is.Zero, "a skipped tick is no run");
        });
    }

    [Test]
    public async Task Reload_KeepsTheJobsCounts_Unload_RemovesItsSeries()
    {
        CogContextFactory factory = CreateFactory();
        ICogContextScope other = CreateScope(factory, "Dice");
        other.Context.Jobs.Add("roll", JobSchedule.Cron("0 9 * * *"), _ => default);
        other.Activate();
        ICogContextScope old = CreateScope(factory, "Echo");
        int oldRuns = 0;
        old.Context.Jobs.Add("tick", JobSchedule.Every(Minute), async job =>
        {
            if (Interlocked.Increment(ref oldRuns) == 2) await Task.Delay(Timeout.Infinite, job.CancellationToken);
        }, new JobOptions { ClusterWide = false });
        old.Activate();
        _time.Advance(Minute); // ok
        _time.Advance(Minute); // waits on its token

        ICogContextScope next = CreateScope(factory, "Echo");
        next.Context.Jobs.Add("tick", JobSchedule.Every(Minute), _ => default, new JobOptions { ClusterWide = false });
        next.Activate();
        old.Deactivate(); // cancels the old instance's run
        Assert.That(await old.StuckJobRunsAsync().WaitAsync(Guard), Is.Empty);
        _time.Advance(Minute); // the new instance's run: ok
        await WaitUntilAsync(() => next.ScheduledJobs.Single().LastResult == "ok");
        IReadOnlyList<SdkMetrics.Point> reloaded = _metrics.Collect();

        next.Deactivate();
        IReadOnlyList<SdkMetrics.Point> unloaded = _metrics.Collect();

        Assert.Multiple(() =>
        {
            Assert.That(Value(reloaded, "andyai.cogs.job.runs", "Echo", "tick", ("outcome", "ok")), Is.EqualTo(2), "one count across the reload");
            Assert.That(Value(reloaded, "andyai.cogs.job.runs", "Echo", "tick", ("outcome", "cancelled")), Is.EqualTo(1));
            Assert.That(unloaded.Where(p => p.Name != "andyai.cogs.job.duration" && p.Has("cog", "Echo")), Is.Empty,
                "an unloaded cog's job counters are no longer exported");
            Assert.That(Series(unloaded, "andyai.cogs.job.runs", "Dice", "roll"), Has.Count.EqualTo(3), "the other cog's job stays");
            Assert.That(_table.Count, Is.EqualTo(1));
        });
    }

    private static double Value(IReadOnlyList<SdkMetrics.Point> points, string name, string cog, string job, params (string Tag, string Value)[] tags)
    {
        SdkMetrics.Point[] matching = [.. Series(points, name, cog, job).Where(p => tags.All(t => p.Has(t.Tag, t.Value)))];
        Assert.That(matching, Has.Length.EqualTo(1), $"{name} {cog}/{job} {string.Join(",", tags)} in:\n{string.Join("\n", points)}");
        return matching[0].Value;
    }

    private static List<SdkMetrics.Point> Series(IReadOnlyList<SdkMetrics.Point> points, string name, string cog, string job) =>
        [.. points.Where(p => p.Name == name && p.Has("cog", cog) && p.Has("job", job))];

    private CogContextFactory CreateFactory(IJobLeases? leases = null) =>
        new(new FakeDiscordBot(), new FakeCommandCatalog(), new FakeCogServicesFactory(), _statistics, NullLoggerFactory.Instance, _time, jobLeases: leases, jobTable: _table);

    private ICogContextScope CreateScope(CogContextFactory factory, string cog) =>
        factory.Create(new CogContextRequest(cog, default, Path.Combine(_dataRoot, cog), CancellationToken.None));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Guard);
        while (!condition()) await Task.Delay(5, timeout.Token);
    }

    /// <summary>Answers every claim with <see cref="Outcome"/> (a claimed tick's lease does nothing).</summary>
    private sealed class SettableLeases : IJobLeases
    {
        public JobClaimOutcome Outcome { get; set; }

        public ValueTask<JobClaim> ClaimAsync(string cogName, string jobName, DateTimeOffset tick, TimeSpan tickPeriod, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new JobClaim(Outcome, Outcome == JobClaimOutcome.Claimed ? new NoLease() : null));

        private sealed class NoLease : IAsyncDisposable
        {
            public ValueTask DisposeAsync() => default;
        }
    }
}
