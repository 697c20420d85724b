using AndyAI.Abstractions.Jobs;
using AndyAI.Host.Cogs.Jobs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Host.Tests.Cogs;

/// <summary>The test kit's scheduled jobs (FakeJobRegistry, FakeCogContext.Jobs): refused and fired as the host's.</summary>
public sealed class TestKitJobsTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private static IEnumerable<TestCaseData> BadJobs()
    {
        yield return new TestCaseData("two words", JobSchedule.Every(Minute)).SetName("jobs: a name with a space");
        yield return new TestCaseData(new string('j', 65), JobSchedule.Every(Minute)).SetName("jobs: a name too long");
        yield return new TestCaseData("digest", JobSchedule.Cron("0 9 * *")).SetName("jobs: a cron expression with four fields");
        yield return new TestCaseData("DAILY", JobSchedule.Every(Minute)).SetName("jobs: a name the cog uses already, in other case");
    }

    [TestCaseSource(nameof(BadJobs))]
    public void FakeJobRegistry_RefusesWhatTheHostRefuses(string name, JobSchedule schedule)
    {
        var time = new FakeTimeProvider();
        var host = new CogJobRegistry("Dice", NullLogger.Instance, time, _ => { }, () => true, null, CancellationToken.None);
        var kit = new FakeJobRegistry(time) { CogName = "Dice" };
        host.Add("daily", JobSchedule.Every(Minute), _ => default);
        kit.Add("daily", JobSchedule.Every(Minute), _ => default);

        string hostSays = Assert.Throws<ArgumentException>(() => host.Add(name, schedule, _ => default))!.Message;
        string kitSays = Assert.Throws<ArgumentException>(() => kit.Add(name, schedule, _ => default))!.Message;

        Assert.That(kitSays, Is.EqualTo(hostSays));
    }

    [Test]
    public void FakeJobRegistry_RefusesTheJobPastTheHostsLimit_WithTheHostsMessage()
    {
        var time = new FakeTimeProvider();
        var host = new CogJobRegistry("Dice", NullLogger.Instance, time, _ => { }, () => true, null, CancellationToken.None);
        var kit = new FakeJobRegistry(time) { CogName = "Dice" };
        for (int i = 0; i < JobNames.MaxJobsPerCog; i++)
        {
            host.Add($"job{i}", JobSchedule.Every(Minute), _ => default);
            kit.Add($"job{i}", JobSchedule.Every(Minute), _ => default);
        }

        string hostSays = Assert.Throws<InvalidOperationException>(() => host.Add("extra", JobSchedule.Every(Minute), _ => default))!.Message;
        string kitSays = Assert.Throws<InvalidOperationException>(() => kit.Add("extra", JobSchedule.Every(Minute), _ => default))!.Message;

        Assert.That(kitSays, Is.EqualTo(hostSays));
    }

    [Test]
    public void FakeCogContext_ClockAdvances_FiresTheJobAtTheHostsTicks()
    {
        using var context = new FakeCogContext();
        var ticks = new List<DateTimeOffset>();
        context.Jobs.Add("tick", JobSchedule.Every(TimeSpan.FromMinutes(5)), job => { ticks.Add(job.ScheduledTime); return default; });

        context.Clock.Advance(TimeSpan.FromMinutes(12));
        context.Clock.Advance(TimeSpan.FromMinutes(3));

        Assert.Multiple(() =>
        {
            Assert.That(ticks, Is.EqualTo(new[] { FakeCogContext.DefaultStart.AddMinutes(5), FakeCogContext.DefaultStart.AddMinutes(15) }), "a jump past two ticks runs once, as in the host");
            Assert.That(context.FakeJobs["tick"].Runs, Is.EqualTo(2));
            Assert.That(context.FakeJobs["tick"].NextRun, Is.EqualTo(FakeCogContext.DefaultStart.AddMinutes(20)));
        });
    }

    [Test]
    public async Task FakeJob_RunStillGoing_SkipsTicks()
    {
        using var context = new FakeCogContext();
        var release = new TaskCompletionSource();
        context.Jobs.Add("slow", JobSchedule.Every(Minute), async _ => await release.Task);

        context.Clock.Advance(Minute);
        context.Clock.Advance(Minute);
        context.Clock.Advance(Minute);
        FakeJob job = context.FakeJobs["slow"];
        release.SetResult();
        await job.LastRun!.WaitAsync(Guard);

        Assert.That((job.Runs, job.SkippedTicks), Is.EqualTo((1, 2)));
    }

    [Test]
    public async Task FakeJob_RunThrows_IsRecordedAndTheScheduleGoesOn()
    {
        using var context = new FakeCogContext();
        context.Jobs.Add("flaky", JobSchedule.Every(Minute), _ => throw new InvalidOperationException("boom"));

        context.Clock.Advance(Minute);
        await context.FakeJobs["flaky"].LastRun!.WaitAsync(Guard);
        context.Clock.Advance(Minute);
        await context.FakeJobs["flaky"].LastRun!.WaitAsync(Guard);

        Assert.That(context.FakeJobs["flaky"].Failures.Select(e => e.Message), Is.EqualTo(new[] { "boom", "boom" }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => context.FakeJobs.RunAsync("flaky"), "a direct run lets the test see the exception");
    }

    [Test]
    public async Task SignalUnloading_CancelsTheRunAndStopsTheJob()
    {
        using var context = new FakeCogContext();
        int runs = 0;
        context.Jobs.Add("long", JobSchedule.Every(Minute), async job =>
        {
            runs++;
            await Task.Delay(Timeout.Infinite, job.CancellationToken);
        });
        context.Clock.Advance(Minute);
        FakeJob job = context.FakeJobs["long"];

        context.SignalUnloading();
        await job.LastRun!.WaitAsync(Guard);
        context.Clock.Advance(Minute);

        Assert.Multiple(() =>
        {
            Assert.That(runs, Is.EqualTo(1));
            Assert.That(job.IsRemoved, Is.True);
            Assert.That(job.Failures, Is.Empty, "cancelled at unload is no failure");
            Assert.That(context.FakeJobs.Jobs, Is.Empty);
        });
    }

    [Test]
    public void Dispose_Handle_RemovesTheJob()
    {
        using var context = new FakeCogContext();
        int runs = 0;
        IDisposable handle = context.Jobs.Add("tick", JobSchedule.Every(Minute), _ => { runs++; return default; });

        handle.Dispose();
        context.Clock.Advance(Minute);

        Assert.That((runs, context.FakeJobs.Jobs.Count), Is.EqualTo((0, 0)));
    }
}
