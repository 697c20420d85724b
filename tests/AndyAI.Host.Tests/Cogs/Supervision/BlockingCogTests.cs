using AndyAI.Host.Cogs.Supervision;
using AndyAI.Host.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Host.Tests.Cogs.Supervision;

/// <summary>
/// A cog that blocks its thread synchronously (tests/TestCogs/BlockingCog: <c>Thread.Sleep</c> in a loop) in its
/// constructor, StartAsync, StopAsync or an Unloading callback: the supervisor reports it within its timeouts, its gate
/// is free for other cogs, and shutdown ends within its deadline. The clock is fake; the blocked thread is freed at the
/// end of each test.
/// </summary>
public sealed class BlockingCogTests : SandboxFixture
{
    private FakeTimeProvider _time = null!;
    private string _release = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _release = Path.Combine(Sandbox.Root, "release-the-blocked-thread");
    }

    public override async Task DisposeSandbox()
    {
        File.WriteAllText(_release, "");
        await base.DisposeSandbox();
    }

    private CogSupervisor CreateSut(LineLogger<CogSupervisor>? logger = null) => Sandbox.CreateSupervisor(Contexts, _time, o =>
    {
        o.StartTimeout = TimeSpan.FromSeconds(10);
        o.StopTimeout = TimeSpan.FromSeconds(5);
        o.DrainTimeout = TimeSpan.FromSeconds(30);
        o.UnloadVerifyAttempts = 2;
    }, logger);

    private void AddBlockingCog(string blockIn)
    {
        string dll = Sandbox.AddCogFolder("BlockingCog");
        File.WriteAllLines(Path.Combine(Path.GetDirectoryName(dll)!, "block.txt"), [blockIn, _release]);
    }

    /// <summary>Advances the fake clock a second at a time (in real time, so the blocked thread and timers can run) until <paramref name="task"/> ends.</summary>
    private async Task<T> AdvanceUntilDoneAsync<T>(Task<T> task)
    {
        await CogSandbox.EventuallyAsync(() =>
        {
            if (!task.IsCompleted) _time.Advance(TimeSpan.FromSeconds(1));
            return task.IsCompleted;
        }, "the supervisor's timeout to fire");
        return await task;
    }

    [Test]
    public async Task Load_ConstructorBlocks_FailsWithinTheStartTimeoutAndTheNextCogStillLoads()
    {
        AddBlockingCog("constructor");
        Sandbox.AddCogFolder("WellBehavedCog");
        var sut = CreateSut();

        CogOutcome blocked = await AdvanceUntilDoneAsync(sut.LoadAsync("BlockingCog"));
        CogOutcome next = await sut.LoadAsync("WellBehavedCog").WaitAsync(CogSandbox.HangGuard);

        Assert.Multiple(async () =>
        {
            Assert.That(blocked.Kind, Is.EqualTo(CogOutcomeKind.Failed));
            Assert.That(blocked.Detail, Does.Contain("its constructor did not finish within 10 s"));
            Assert.That(StatusOf(sut, "BlockingCog").State, Is.EqualTo(CogState.Failed));
            Assert.That(next.Kind, Is.EqualTo(CogOutcomeKind.Loaded), "the supervisor's gate was released");
            Assert.That(await Contexts.Router.InvokeAsync("hello"), Is.EqualTo("hello"));
        });
    }

    [Test]
    public async Task Load_StartAsyncBlocksSynchronously_FailsWithTheTimeoutAndIsNotCollected()
    {
        AddBlockingCog("start");
        Sandbox.AddCogFolder("WellBehavedCog");
        var sut = CreateSut();

        CogOutcome blocked = await AdvanceUntilDoneAsync(sut.LoadAsync("BlockingCog"));
        CogOutcome next = await sut.LoadAsync("WellBehavedCog").WaitAsync(CogSandbox.HangGuard);

        Assert.Multiple(() =>
        {
            Assert.That(blocked.Kind, Is.EqualTo(CogOutcomeKind.Failed));
            Assert.That(blocked.Detail, Does.Contain("StartAsync did not finish within 10 s"));
            Assert.That(blocked.Detail, Does.Contain("not collected"), "its thread is still in the cog's code");
            Assert.That(next.Kind, Is.EqualTo(CogOutcomeKind.Loaded));
        });
    }

    [Test]
    public async Task Unload_StopAsyncBlocksSynchronously_RepliesAfterTheStopTimeoutThenReportsItLeaked()
    {
        AddBlockingCog("stop");
        var logger = new LineLogger<CogSupervisor>();
        var sut = CreateSut(logger);
        Assert.That((await sut.LoadAsync("BlockingCog")).Kind, Is.EqualTo(CogOutcomeKind.Loaded));

        CogOutcome unloaded = await AdvanceUntilDoneAsync(sut.UnloadAsync("Blocking"));
        int retiringAfterReply = StatusOf(sut, "Blocking").Retiring;
        await CogSandbox.EventuallyAsync(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return StatusOf(sut, "Blocking").State == CogState.Leaked;
        }, "the drain budget and the grace to pass");
        CogStatus status = StatusOf(sut, "Blocking");

        Assert.Multiple(() =>
        {
            Assert.That(unloaded.Kind, Is.EqualTo(CogOutcomeKind.Unloaded));
            Assert.That(unloaded.Detail, Does.Contain("still finishing its work and stops in the background (at most 30 s)"));
            Assert.That(retiringAfterReply, Is.EqualTo(1));
            Assert.That(status.Retiring, Is.Zero);
            Assert.That(status.LastError, Does.Contain("StopAsync did not finish within 30 s, nor 5 s after its token was cancelled"));
            Assert.That(logger.Lines, Has.One.Contains("the retired instance 1.0.0 was not collected"));
        });
    }

    [Test]
    public async Task Unload_ScheduledJobIgnoresCancellation_TheReplyNamesTheJobAtTheStopTimeout()
    {
        // The job's grace (5 s after the stop) ends with the stop timeout (5 s): the reply must wait for its verdict.
        var contexts = new FakeCogContextFactory(_time);
        Sandbox.AddCogFolder("ScheduledJobCog");
        Sandbox.WriteConfig("""{ "cogs": { "ScheduledJob": { "settings": { "ignoreCancellation": true } } } }""");
        var sut = Sandbox.CreateSupervisor(contexts, _time, o =>
        {
            o.StopTimeout = TimeSpan.FromSeconds(5);
            o.DrainTimeout = TimeSpan.FromSeconds(30);
            o.UnloadVerifyAttempts = 2;
        });
        Assert.That((await sut.LoadAsync("ScheduledJobCog")).Kind, Is.EqualTo(CogOutcomeKind.Loaded));
        await CogSandbox.EventuallyAsync(async () =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return await contexts.Router.InvokeAsync("beats") != "0";
        }, "the job's first run");

        Task<CogOutcome> unloading = sut.UnloadAsync("ScheduledJob");
        // The clock moves only once the instance was deactivated (its command gone, its job stopped just after), as
        // the real clock would: a busy thread pool must not let the fake one run past the stop.
        await CogSandbox.EventuallyAsync(async () => await contexts.Router.InvokeAsync("beats") is null, "the instance to be deactivated");
        await Task.Delay(50);
        CogOutcome unloaded = await AdvanceUntilDoneAsync(unloading);
        File.WriteAllText(Path.Combine(contexts.Requests.Single().DataDirectory, "release.txt"), "");
        await CogSandbox.EventuallyAsync(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return StatusOf(sut, "ScheduledJob").Retiring == 0;
        }, "the retired instance to end");

        Assert.Multiple(() =>
        {
            Assert.That(unloaded.Kind, Is.EqualTo(CogOutcomeKind.Unloaded), unloaded.ToString());
            Assert.That(unloaded.Detail, Does.Contain("its scheduled job beat ignores its cancellation and still runs"), unloaded.ToString());
            Assert.That(unloaded.Detail, Does.Not.Contain("still finishing its work"));
        });
    }

    [Test]
    public async Task Unload_UnloadingCallbackBlocks_TheUnloadCompletesAndReportsIt()
    {
        AddBlockingCog("unloading");
        var sut = CreateSut();
        Assert.That((await sut.LoadAsync("BlockingCog")).Kind, Is.EqualTo(CogOutcomeKind.Loaded));

        CogOutcome unloaded = await AdvanceUntilDoneAsync(sut.UnloadAsync("Blocking"));
        await CogSandbox.EventuallyAsync(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return StatusOf(sut, "Blocking").State == CogState.Leaked;
        }, "the teardown to end");

        Assert.Multiple(() =>
        {
            Assert.That(unloaded.Kind, Is.EqualTo(CogOutcomeKind.Unloaded), unloaded.ToString());
            Assert.That(StatusOf(sut, "Blocking").LastError, Does.Contain("an Unloading callback did not return within 5 s"));
        });
    }

    [Test]
    public async Task UnloadAll_StopAsyncBlocks_ShutdownEndsWithinItsDeadline()
    {
        AddBlockingCog("stop");
        Sandbox.AddCogFolder("WellBehavedCog");
        var sut = CreateSut();
        await sut.LoadAllAsync();
        long started = _time.GetTimestamp();

        IReadOnlyList<CogOutcome> stopped = await AdvanceUntilDoneAsync(sut.UnloadAllAsync(TimeSpan.FromSeconds(20)));

        Assert.Multiple(() =>
        {
            Assert.That(_time.GetElapsedTime(started), Is.LessThanOrEqualTo(TimeSpan.FromSeconds(21)), "the fake clock moved no further than the deadline");
            Assert.That(stopped.Single(o => o.Cog == "Blocking").Detail, Does.Contain("StopAsync did not finish within"));
            Assert.That(stopped.Single(o => o.Cog == "WellBehaved").Kind, Is.EqualTo(CogOutcomeKind.Unloaded));
        });
    }
}
