using AndyAI.Abstractions;
using AndyAI.Abstractions.Jobs;
using AndyAI.Cluster.Jobs;
using AndyAI.Host.Admin;
using AndyAI.Host.Cogs;
using AndyAI.Host.Cogs.Jobs;
using AndyAI.Host.Cogs.Supervision;
using AndyAI.Host.Statistics;
using AndyAI.Host.Tests.Fakes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Host.Tests.Cogs.Jobs;

/// <summary>A cog's scheduled jobs through its real context (CogContextFactory), on a fake clock.</summary>
public sealed class CogJobRegistryTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private FakeTimeProvider _time = null!;
    private FakeLogCollector _logs = null!;
    private BotStatistics _statistics = null!;
    private CogErrorTable _errors = null!;
    private ILoggerFactory _loggerFactory = null!;
    private string _dataRoot = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(Start);
        _logs = new FakeLogCollector();
        _statistics = new BotStatistics(_time);
        _errors = new CogErrorTable(_statistics.Meters);
        _loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(_logs)));
        _dataRoot = Path.Combine(Path.GetTempPath(), "andyai-host-tests", Guid.NewGuid().ToString("N"));
    }

    [TearDown]
    public void TearDown()
    {
        _statistics.Dispose();
        _loggerFactory.Dispose();
        if (Directory.Exists(_dataRoot))
        {
            Directory.Delete(_dataRoot, recursive: true);
        }
    }

    [Test]
    public void Add_NameTakenIgnoringCase_Throws()
    {
        ICogContextScope scope = CreateScope();
        scope.Context.Jobs.Add("digest", JobSchedule.Every(Minute), _ => default);

        var ex = Assert.Throws<ArgumentException>(() => scope.Context.Jobs.Add("Digest", JobSchedule.Every(Minute), _ => default));

        Assert.That(ex!.Message, Does.Contain("Echo").And.Contain("Digest"));
    }

    [Test]
    public void Add_BeyondTheLimitPerCog_ThrowsNamingTheCogAndTheLimit_UntilOneIsRemoved()
    {
        ICogContextScope scope = CreateScope();
        IDisposable first = scope.Context.Jobs.Add("job0", JobSchedule.Every(Minute), _ => default);
        for (int i = 1; i < JobNames.MaxJobsPerCog; i++)
        {
            scope.Context.Jobs.Add($"job{i}", JobSchedule.Every(Minute), _ => default);
        }

        var ex = Assert.Throws<InvalidOperationException>(() => scope.Context.Jobs.Add("one-more", JobSchedule.Every(Minute), _ => default));
        first.Dispose();
        scope.Context.Jobs.Add("one-more", JobSchedule.Every(Minute), _ => default);

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Is.EqualTo("Echo cannot add scheduled job 'one-more': a cog may have 64 scheduled jobs, and it has 64 (remove one, or let one job walk the items)."));
            Assert.That(scope.ScheduledJobs, Has.Count.EqualTo(JobNames.MaxJobsPerCog), "a removed job makes room");
        });
    }

    [Test]
    public void Add_BadNameOrCron_ThrowsAndKeepsNothing()
    {
        ICogContextScope scope = CreateScope();

        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentException>(() => scope.Context.Jobs.Add("two words", JobSchedule.Every(Minute), _ => default));
            Assert.Throws<ArgumentException>(() => scope.Context.Jobs.Add("digest", JobSchedule.Cron("0 25 * * *"), _ => default));
            Assert.That(scope.ScheduledJobs, Is.Empty);
        });
    }

    [Test]
    public void Add_BeforeActivate_IsStagedAndDoesNotRun()
    {
        ICogContextScope scope = CreateScope();
        int runs = 0;
        scope.Context.Jobs.Add("tick", JobSchedule.Every(Minute), _ => { runs++; return default; });

        _time.Advance(TimeSpan.FromMinutes(3));

        Assert.That(runs, Is.Zero);
    }

    [Test]
    public void Interval_Activated_RunsAtEveryTickWithItsScheduledTime()
    {
        ICogContextScope scope = CreateScope();
        var ticks = new List<DateTimeOffset>();
        scope.Context.Jobs.Add("tick", JobSchedule.Every(Minute), job =>
        {
            ticks.Add(job.ScheduledTime);
            Assert.That(job.Name, Is.EqualTo("tick"));
            return default;
        });
        scope.Activate();
        _time.Advance(TimeSpan.FromSeconds(30));

        for (int i = 0; i < 3; i++)
        {
            _time.Advance(Minute);
        }

        Assert.That(ticks, Is.EqualTo(new[] { Start + Minute, Start + 2 * Minute, Start + 3 * Minute }));
    }

    [Test]
    public void Cron_Activated_RunsAtTheExpressionsTime()
    {
        _time.Advance(new DateTimeOffset(2026, 11, 27, 8, 59, 30, TimeSpan.Zero) - Start);
        ICogContextScope scope = CreateScope();
        var ticks = new List<DateTimeOffset>();
        scope.Context.Jobs.Add("morning", JobSchedule.Cron("0 9 * * *"), job => { ticks.Add(job.ScheduledTime); return default; });
        scope.Activate();

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.That(ticks, Is.Empty);
        _time.Advance(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromHours(24));

        Assert.That(ticks, Is.EqualTo(new[] { new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero) }));
    }

    [Test]
    public void Tick_ClockJumpsPastSeveralTicks_RunsOnceNotOncePerMissedTick()
    {
        ICogContextScope scope = CreateScope();
        int runs = 0;
        scope.Context.Jobs.Add("tick", JobSchedule.Every(Minute), _ => { runs++; return default; });
        scope.Activate();

        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.That(runs, Is.EqualTo(1));
    }

    [Test]
    public async Task Tick_PreviousRunStillGoing_IsSkippedAndLoggedOnce()
    {
        ICogContextScope scope = CreateScope();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int runs = 0, concurrent = 0, maxConcurrent = 0;
        scope.Context.Jobs.Add("slow", JobSchedule.Every(Minute), async _ =>
        {
            runs++;
            maxConcurrent = Math.Max(maxConcurrent, Interlocked.Increment(ref concurrent));
            if (runs == 1) await release.Task;
            Interlocked.Decrement(ref concurrent);
            if (runs == 1) done.SetResult();
        });
        scope.Activate();

        for (int i = 0; i < 4; i++)
        {
            _time.Advance(Minute);
        }

        Assert.That(runs, Is.EqualTo(1), "ticks 2-4 come while run 1 is going");
        release.SetResult();
        await done.Task.WaitAsync(Guard);
        await WaitUntilAsync(() => scope.ScheduledJobs.Single().LastResult == "ok" && _logs.GetSnapshot().Any(r => r.Message.Contains("ran past", StringComparison.Ordinal)));
        _time.Advance(Minute);

        Assert.Multiple(() =>
        {
            Assert.That(runs, Is.EqualTo(2), "the schedule goes on after the long run");
            Assert.That(maxConcurrent, Is.EqualTo(1));
            Assert.That(_logs.GetSnapshot().Where(r => r.Message.Contains("ran past", StringComparison.Ordinal)).Select(r => r.Message),
                Is.EqualTo(new[] { "Cog Echo: scheduled job slow ran past 3 of its ticks, which were skipped" }));
        });
    }

    [Test]
    public async Task Run_SlowerThanItsPeriodRunAfterRun_IsLoggedAtTheFirstSecondAndFourthOverrunInARow()
    {
        // Seen with a job of period 2 s whose runs take 3 s: one Information line per run, every 4 s, for ever.
        ICogContextScope scope = CreateScope();
        var releases = Enumerable.Range(0, 6).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        int runs = 0;
        scope.Context.Jobs.Add("slow", JobSchedule.Every(Minute), async _ =>
        {
            int run = Interlocked.Increment(ref runs);
            await releases[run - 1].Task;
        });
        scope.Activate();

        for (int i = 0; i < 5; i++)
        {
            _time.Advance(Minute);                  // starts run i + 1
            await WaitUntilAsync(() => Volatile.Read(ref runs) == i + 1);
            _time.Advance(Minute);                  // comes while it goes: skipped
            DateTimeOffset tick = _time.GetUtcNow() - Minute;
            releases[i].SetResult();
            await WaitUntilAsync(() => scope.ScheduledJobs.Single().LastRun == tick);
        }

        // Equivalent, not equal: a run's log line is written after it has ended, so the next run can end and log first.
        Assert.That(_logs.GetSnapshot().Where(r => r.Message.Contains("ran past", StringComparison.Ordinal)).Select(r => r.Message), Is.EquivalentTo(new[]
        {
            "Cog Echo: scheduled job slow ran past 1 of its ticks, which were skipped",
            "Cog Echo: scheduled job slow ran past 1 of its ticks, which were skipped; 2 runs in a row took longer than its period (logged at the 1st, 2nd, 4th, 8th… in a row; andyai_cogs_job_skipped_total counts every skipped tick)",
            "Cog Echo: scheduled job slow ran past 1 of its ticks, which were skipped; 4 runs in a row took longer than its period (logged at the 1st, 2nd, 4th, 8th… in a row; andyai_cogs_job_skipped_total counts every skipped tick)",
        }));
    }

    [Test]
    public async Task Run_Throws_IsLoggedWithCogAndJobCountedAndTheJobKeepsItsSchedule()
    {
        ICogContextScope scope = CreateScope();
        int runs = 0;
        scope.Context.Jobs.Add("flaky", JobSchedule.Every(Minute), async _ =>
        {
            runs++;
            await Task.Yield();
            throw new InvalidOperationException("secret user text");
        });
        scope.Activate();

        _time.Advance(Minute);
        await WaitUntilAsync(() => scope.HandlerErrorCount == 1 && scope.ScheduledJobs.Single().LastResult is not null);
        _time.Advance(Minute);
        await WaitUntilAsync(() => scope.HandlerErrorCount == 2);

        FakeLogRecord error = _logs.GetSnapshot().First(r => r.Level == LogLevel.Error);
        Assert.Multiple(() =>
        {
            Assert.That(runs, Is.EqualTo(2));
            Assert.That(_statistics.Snapshot().Counters[BotStatisticNames.CogHandlerErrors], Is.EqualTo(2));
            Assert.That(error.Message, Is.EqualTo("Cog Echo: scheduled job flaky threw; it keeps its schedule"));
            Assert.That(error.Exception, Is.TypeOf<InvalidOperationException>());
            Assert.That(scope.ScheduledJobs.Single().LastResult, Is.EqualTo("failed (InvalidOperationException)"), "the status carries the type, never the message");
        });
    }

    [Test]
    public async Task Run_ThrowsEveryTime_IsLoggedAtTheFirstSecondFourthAndEighthFailure_AllCounted_ThenTheRecovery()
    {
        ICogContextScope scope = CreateScope();
        bool failing = true;
        scope.Context.Jobs.Add("broken", JobSchedule.Every(Minute), _ =>
            Volatile.Read(ref failing) ? throw new InvalidOperationException("boom") : ValueTask.CompletedTask);
        scope.Activate();

        for (int i = 1; i <= 10; i++)
        {
            _time.Advance(Minute);
            int expected = i;
            await WaitUntilAsync(() => scope.HandlerErrorCount == expected && scope.ScheduledJobs.Single().LastRun == Start + expected * Minute);
        }

        Volatile.Write(ref failing, false);
        _time.Advance(Minute);
        await WaitUntilAsync(() => scope.ScheduledJobs.Single().LastResult == "ok");

        FakeLogRecord[] errors = [.. _logs.GetSnapshot().Where(r => r.Level == LogLevel.Error)];
        Assert.Multiple(() =>
        {
            // A job throwing every second would otherwise write 86,400 stack traces a day.
            Assert.That(errors.Select(r => r.Message), Is.EqualTo(new[]
            {
                "Cog Echo: scheduled job broken threw; it keeps its schedule",
                "Cog Echo: scheduled job broken threw again, 2 runs in a row (said at 2, 4, 8, … failures in a row; every one is counted)",
                "Cog Echo: scheduled job broken threw again, 4 runs in a row (said at 2, 4, 8, … failures in a row; every one is counted)",
                "Cog Echo: scheduled job broken threw again, 8 runs in a row (said at 2, 4, 8, … failures in a row; every one is counted)",
            }));
            Assert.That(errors.Select(r => r.Exception), Is.All.TypeOf<InvalidOperationException>());
            Assert.That(scope.HandlerErrorCount, Is.EqualTo(10), "every failure is counted");
            Assert.That(_logs.GetSnapshot().Select(r => r.Message), Has.One.EqualTo("Cog Echo: scheduled job broken ran without an exception again, after 10 failed runs in a row"));
        });
    }

    [Test]
    public async Task Deactivate_RunGoing_CancelsItsTokenAndNoMoreRuns()
    {
        ICogContextScope scope = CreateScope();
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int runs = 0;
        scope.Context.Jobs.Add("long", JobSchedule.Every(Minute), async job =>
        {
            runs++;
            using CancellationTokenRegistration _ = job.CancellationToken.Register(() => cancelled.TrySetResult());
            await Task.Delay(Timeout.Infinite, job.CancellationToken);
        });
        scope.Activate();
        _time.Advance(Minute);
        Assert.That(runs, Is.EqualTo(1));

        scope.Deactivate();
        await cancelled.Task.WaitAsync(Guard);
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Multiple(() =>
        {
            Assert.That(runs, Is.EqualTo(1));
            Assert.That(scope.HandlerErrorCount, Is.Zero, "a run cancelled by the unload is no error");
        });
    }

    [Test]
    public void Reload_NewInstanceLive_OnlyItRunsTheJob()
    {
        CogContextFactory factory = CreateFactory();
        ICogContextScope old = CreateScope(factory);
        int oldRuns = 0, newRuns = 0;
        old.Context.Jobs.Add("tick", JobSchedule.Every(Minute), _ => { oldRuns++; return default; });
        old.Activate();
        _time.Advance(Minute);
        ICogContextScope next = CreateScope(factory);
        next.Context.Jobs.Add("tick", JobSchedule.Every(Minute), _ => { newRuns++; return default; });

        next.Activate();
        _time.Advance(Minute); // the old instance is still live for a moment: it must not run
        old.Deactivate();
        _time.Advance(Minute);

        Assert.That((oldRuns, newRuns), Is.EqualTo((1, 2)));
    }

    [Test]
    public void Dispose_Handle_RemovesTheJobAndFreesTheName()
    {
        ICogContextScope scope = CreateScope();
        int runs = 0;
        IDisposable handle = scope.Context.Jobs.Add("tick", JobSchedule.Every(Minute), _ => { runs++; return default; });
        scope.Activate();

        handle.Dispose();
        _time.Advance(Minute);

        Assert.Multiple(() =>
        {
            Assert.That(runs, Is.Zero);
            Assert.That(scope.ScheduledJobs, Is.Empty);
            Assert.That(() => scope.Context.Jobs.Add("tick", JobSchedule.Every(Minute), _ => default), Throws.Nothing);
        });
    }

    [Test]
    public void Status_AfterARun_ShowsScheduleNextAndLastRunInCogs()
    {
        ICogContextScope scope = CreateScope();
        scope.Context.Jobs.Add("tick", JobSchedule.Every(Minute), _ => default);
        scope.Context.Jobs.Add("local", JobSchedule.Cron("0 9 * * *"), _ => default, new JobOptions { ClusterWide = false });
        scope.Activate();

        _time.Advance(Minute);
        string listing = AdminReplies.FormatCogs([new CogStatus("Echo", "Echo", CogState.Running, "1.0.0", Start, null, 0, null, Jobs: scope.ScheduledJobs)], "run/plugins");

        Assert.That(listing, Does.Contain(
            "jobs: tick (every 1 min, next 2026-11-26 12:02:00 UTC, last 2026-11-26 12:01:00 UTC: ok); " +
            "local (cron 0 9 * * * (UTC), every process, next 2026-11-27 09:00:00 UTC)"));
    }

    [Test]
    public void ClusterWide_AnotherProcessClaimedTheTick_DoesNotRunHere()
    {
        var leases = new ScriptedLeases(JobClaimOutcome.Taken);
        ICogContextScope scope = CreateScope(leases);
        int runs = 0, localRuns = 0;
        scope.Context.Jobs.Add("shared", JobSchedule.Every(Minute), _ => { runs++; return default; });
        scope.Context.Jobs.Add("local", JobSchedule.Every(Minute), _ => { localRuns++; return default; }, new JobOptions { ClusterWide = false });
        scope.Activate();

        _time.Advance(Minute);

        Assert.Multiple(() =>
        {
            Assert.That((runs, localRuns), Is.EqualTo((0, 1)));
            Assert.That(leases.Claims, Is.EqualTo(new[] { ("Echo", "shared", Start + Minute, Minute) }), "only the cluster-wide job asks");
            Assert.That(scope.ScheduledJobs[0].LastResult, Is.EqualTo("ran in another process"));
        });
    }

    [Test]
    public void ClusterWide_APreviousRunStillGoes_SkipsTheTick_AndSaysSo()
    {
        var leases = new ScriptedLeases(JobClaimOutcome.Busy);
        ICogContextScope scope = CreateScope(leases);
        int runs = 0;
        scope.Context.Jobs.Add("shared", JobSchedule.Every(Minute), _ => { runs++; return default; });
        scope.Activate();

        _time.Advance(Minute);

        // Not "ran in another process": nobody ran it (a hung run somewhere holds the job's lease).
        Assert.That((runs, scope.ScheduledJobs[0].LastResult), Is.EqualTo((0, "skipped: its previous run is still going")));
    }

    [Test]
    public void ClusterWide_Claimed_RunsAndReleasesTheLeaseAfterwards()
    {
        var leases = new ScriptedLeases(JobClaimOutcome.Claimed);
        ICogContextScope scope = CreateScope(leases);
        bool leaseHeldDuringRun = false;
        scope.Context.Jobs.Add("shared", JobSchedule.Every(Minute), _ => { leaseHeldDuringRun = leases.Released == 0; return default; });
        scope.Activate();

        _time.Advance(Minute);

        Assert.That((leaseHeldDuringRun, leases.Released), Is.EqualTo((true, 1)));
    }

    [Test]
    public void ClusterWide_RedisUnreachable_SkipsTheTicksAndWarnsOnce()
    {
        var leases = new ScriptedLeases(JobClaimOutcome.Unavailable);
        ICogContextScope scope = CreateScope(leases);
        int runs = 0;
        scope.Context.Jobs.Add("shared", JobSchedule.Every(Minute), _ => { runs++; return default; });
        scope.Activate();

        for (int i = 0; i < 3; i++)
        {
            _time.Advance(Minute);
        }

        Assert.Multiple(() =>
        {
            Assert.That(runs, Is.Zero, "at most once per tick: never run when no process can tell");
            Assert.That(_logs.GetSnapshot().Count(r => r.Level == LogLevel.Warning && r.Message.Contains("shared", StringComparison.Ordinal)), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Stop_RunIgnoresItsCancellation_IsGivenUpAfterTheGrace_LeaseReleased_OneWarning_ThenTheNewInstanceRuns()
    {
        var leases = new ScriptedLeases(JobClaimOutcome.Claimed);
        CogContextFactory factory = CreateFactory(leases);
        ICogContextScope old = CreateScope(factory);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int oldRuns = 0, newRuns = 0;
        old.Context.Jobs.Add("stuck", JobSchedule.Every(Minute), async _ =>
        {
            Interlocked.Increment(ref oldRuns);
            await release.Task; // ignores job.CancellationToken
        });
        old.Activate();
        _time.Advance(Minute); // 12:01: the run starts and holds the lease
        _time.Advance(TimeSpan.FromSeconds(58));

        ICogContextScope next = CreateScope(factory); // a reload at 12:01:58
        next.Context.Jobs.Add("stuck", JobSchedule.Every(Minute), _ => { Interlocked.Increment(ref newRuns); return default; });
        next.Activate();
        old.Deactivate();
        _time.Advance(TimeSpan.FromSeconds(2)); // 12:02, within the grace: the old run still counts
        Assert.Multiple(() =>
        {
            Assert.That((oldRuns, newRuns, leases.Released), Is.EqualTo((1, 0, 0)));
            Assert.That(next.ScheduledJobs.Single().LastResult, Is.EqualTo("skipped: the previous instance's run is still going"));
        });

        Task<IReadOnlyList<string>> stuck = old.StuckJobRunsAsync();
        _time.Advance(TimeSpan.FromSeconds(3)); // 12:02:03, 5 s after the stop: given up
        IReadOnlyList<string> stuckJobs = await stuck.WaitAsync(Guard);
        await WaitUntilAsync(() => Volatile.Read(ref leases.Released) == 1);
        _time.Advance(TimeSpan.FromSeconds(57)); // 12:03

        FakeLogRecord[] warnings = [.. _logs.GetSnapshot().Where(r => r.Level >= LogLevel.Warning)];
        Assert.Multiple(() =>
        {
            Assert.That(stuckJobs, Is.EqualTo(new[] { "stuck" }), "the unload's outcome names the job");
            Assert.That(newRuns, Is.EqualTo(1), "given up, the old run no longer holds the job");
            Assert.That(warnings.Select(r => r.Message), Is.EqualTo(new[]
            {
                "Cog Echo: scheduled job stuck ignores its cancellation: its run still goes 5 s after the job was stopped (unload, reload or removal). " +
                "The host gives that run up and releases its Redis lease, so the job's next ticks run (in a new instance or another process) while it goes on; " +
                "until it returns it keeps the cog's code loaded (restart the process to end it)",
            }));
        });

        release.SetResult();
        await WaitUntilAsync(() => _logs.GetSnapshot().Any(r => r.Message.Contains("ended after all", StringComparison.Ordinal)));
        Assert.Multiple(async () =>
        {
            Assert.That(leases.Released, Is.EqualTo(2), "the old run's lease is not released twice (the new run's is the second)");
            Assert.That(_logs.GetSnapshot().Select(r => r.Message), Has.One.EqualTo("Cog Echo: scheduled job stuck: the run given up for ignoring its cancellation ended after all (ok)"));
            Assert.That(await old.StuckJobRunsAsync(), Is.Empty);
        });
    }

    [Test]
    public async Task Stop_RunEndsWithinTheGrace_IsNotGivenUp()
    {
        var leases = new ScriptedLeases(JobClaimOutcome.Claimed);
        ICogContextScope scope = CreateScope(leases);
        scope.Context.Jobs.Add("polite", JobSchedule.Every(Minute), job => new ValueTask(Task.Delay(Timeout.Infinite, job.CancellationToken)));
        scope.Activate();
        _time.Advance(Minute);

        scope.Deactivate();
        IReadOnlyList<string> stuck = await scope.StuckJobRunsAsync().WaitAsync(Guard);
        _time.Advance(Minute);

        Assert.Multiple(() =>
        {
            Assert.That(stuck, Is.Empty);
            Assert.That(leases.Released, Is.EqualTo(1));
            Assert.That(_logs.GetSnapshot().Where(r => r.Level >= LogLevel.Warning), Is.Empty);
        });
    }

    private CogContextFactory CreateFactory(IJobLeases? leases = null) =>
        new(new FakeDiscordBot(), new FakeCommandCatalog(), new FakeCogServicesFactory(), _statistics, _loggerFactory, _time, jobLeases: leases, errorTable: _errors);

    private ICogContextScope CreateScope(IJobLeases? leases = null) => CreateScope(CreateFactory(leases));

    private ICogContextScope CreateScope(CogContextFactory factory) =>
        factory.Create(new CogContextRequest("Echo", default, Path.Combine(_dataRoot, "Echo"), CancellationToken.None));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Guard;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("hang guard");
            await Task.Delay(1);
        }
    }

    /// <summary>Answers every claim with one outcome and records the claims (the Redis implementation has its own tests in AndyAI.Cluster.Tests).</summary>
    private sealed class ScriptedLeases(JobClaimOutcome outcome) : IJobLeases
    {
        public List<(string Cog, string Job, DateTimeOffset Tick, TimeSpan Period)> Claims { get; } = [];

        public int Released;

        public ValueTask<JobClaim> ClaimAsync(string cogName, string jobName, DateTimeOffset tick, TimeSpan tickPeriod, CancellationToken cancellationToken)
        {
            Claims.Add((cogName, jobName, tick, tickPeriod));
            return ValueTask.FromResult(new JobClaim(outcome, outcome == JobClaimOutcome.Claimed ? new Lease(this) : null));
        }

        private sealed class Lease(ScriptedLeases owner) : IAsyncDisposable
        {
            public ValueTask DisposeAsync()
            {
                Interlocked.Increment(ref owner.Released);
                return default;
            }
        }
    }
}
