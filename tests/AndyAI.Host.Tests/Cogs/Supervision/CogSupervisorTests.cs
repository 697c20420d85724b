using AndyAI.Host.Cogs.Configuration;
using AndyAI.Host.Cogs.Http;
using AndyAI.Host.Cogs.Loading;
using AndyAI.Host.Cogs.Supervision;
using AndyAI.Host.Tests.Cogs.Loading;
using AndyAI.Host.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Host.Tests.Cogs.Supervision;

public sealed class CogSupervisorTests : SandboxFixture
{
    private CogSupervisor CreateSut(TimeProvider? time = null, Action<CogSupervisorOptions>? configure = null, LineLogger<CogSupervisor>? logger = null) =>
        Sandbox.CreateSupervisor(Contexts, time, configure, logger);

    [Test]
    public async Task LoadAll_WellBehavedCog_StartsWithItsSettingsAndServesItsCommand()
    {
        Sandbox.AddCogFolder("WellBehavedCog");
        Sandbox.WriteConfig("""{ "cogs": { "WellBehaved": { "settings": { "greeting": "bonjour" } } } }""");
        var sut = CreateSut();

        var outcomes = await sut.LoadAllAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(outcomes.Select(o => (o.Cog, o.Kind)), Is.EqualTo(new[] { ("WellBehaved", CogOutcomeKind.Loaded) }));
            Assert.That(outcomes[0].Version, Is.EqualTo("1.2.3"));
            Assert.That(await Contexts.Router.InvokeAsync("hello"), Is.EqualTo("bonjour"));
            Assert.That(File.ReadAllText(Path.Combine(Sandbox.DataDirectory, "WellBehaved", "started.txt")), Is.EqualTo("bonjour"));
            Assert.That(StatusOf(sut, "WellBehaved").State, Is.EqualTo(CogState.Running));
        });
    }

    [Test]
    public async Task Unload_WellBehavedCog_ContextIsCollected()
    {
        Sandbox.AddCogFolder("WellBehavedCog");
        var sut = CreateSut();
        await sut.LoadAllAsync();
        CogHttpMatch before = Contexts.HttpRoutes.Match("WellBehaved", "GET", ["hello"]);
        string answer = System.Text.Encoding.UTF8.GetString((await before.Route!.InvokeAsync(new() { Method = "GET", Path = "/cogs/WellBehaved/hello" }, default)).Body.Span);
        before = default; // the route holds the cog's handler: only the table may keep it

        var outcome = await sut.UnloadAsync("WellBehaved");

        Assert.Multiple(async () =>
        {
            Assert.That(answer, Is.EqualTo("hello over HTTP"));
            Assert.That(outcome.Kind, Is.EqualTo(CogOutcomeKind.Unloaded), outcome.ToString());
            Assert.That(StatusOf(sut, "WellBehaved").State, Is.EqualTo(CogState.Unloaded));
            Assert.That(await Contexts.Router.InvokeAsync("hello"), Is.Null, "its commands are gone");
            Assert.That(Contexts.HttpRoutes.Routes, Is.Empty, "its HTTP route is gone");
            Assert.That(Contexts.DisposedInOrder, Is.EqualTo(new[] { "WellBehaved" }));
        });
    }

    [Test]
    public async Task Unload_CogWithARunningScheduledJob_CancelsTheRunAndIsCollected()
    {
        Sandbox.AddCogFolder("ScheduledJobCog");
        var sut = CreateSut();
        await sut.LoadAllAsync();
        // The host's job timer (real clock, 1 s) starts a run that waits on its token: only the unload ends it.
        using (var hangGuard = new CancellationTokenSource(CogSandbox.HangGuard))
        {
            while (await Contexts.Router.InvokeAsync("beats") == "0") await Task.Delay(20, hangGuard.Token);
        }

        Assert.That(StatusOf(sut, "ScheduledJob").Jobs?.Single().Name, Is.EqualTo("beat"), "!cogs lists the job");

        var outcome = await sut.UnloadAsync("ScheduledJob");

        string cancelled = Path.Combine(Contexts.Requests.Single(r => r.CogName == "ScheduledJob").DataDirectory, "cancelled.txt");
        using (var hangGuard = new CancellationTokenSource(CogSandbox.HangGuard))
        {
            while (!File.Exists(cancelled)) await Task.Delay(20, hangGuard.Token);
        }

        Assert.That(outcome.Kind, Is.EqualTo(CogOutcomeKind.Unloaded), outcome.ToString());
    }

    [Test]
    public async Task Unload_CogWhoseScheduledJobIgnoresCancellation_IsLeakedAndTheOutcomeNamesTheJob()
    {
        Sandbox.AddCogFolder("ScheduledJobCog");
        Sandbox.WriteConfig("""{ "cogs": { "ScheduledJob": { "settings": { "ignoreCancellation": true } } } }""");
        // Long enough for the job's grace (5 s after the stop) and the collection check, so the unload answers with both.
        var sut = CreateSut(configure: o => o.StopTimeout = TimeSpan.FromSeconds(30));
        await sut.LoadAllAsync();
        using (var hangGuard = new CancellationTokenSource(CogSandbox.HangGuard))
        {
            while (await Contexts.Router.InvokeAsync("beats") == "0") await Task.Delay(20, hangGuard.Token);
        }

        var outcome = await sut.UnloadAsync("ScheduledJob");
        File.WriteAllText(Path.Combine(Contexts.Requests.Single(r => r.CogName == "ScheduledJob").DataDirectory, "release.txt"), "");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Kind, Is.EqualTo(CogOutcomeKind.Leaked), outcome.ToString());
            Assert.That(outcome.Detail, Does.Contain("its scheduled job beat ignores its cancellation and still runs"), outcome.ToString());
        });
    }

    [TestCase("StaticEventLeakCog", "StaticEventLeak")]
    [TestCase("TimerLeakCog", "TimerLeak")]
    public async Task Unload_LeakyCog_IsReportedLeakedAndOtherCogsKeepRunning(string project, string cogName)
    {
        Sandbox.AddCogFolder(project);
        Sandbox.AddCogFolder("WellBehavedCog");
        var sut = CreateSut();
        await sut.LoadAllAsync();

        var outcome = await sut.UnloadAsync(cogName);

        Assert.Multiple(async () =>
        {
            Assert.That(outcome.Kind, Is.EqualTo(CogOutcomeKind.Leaked), outcome.ToString());
            Assert.That(outcome.Detail, Does.Contain("not collected"));
            Assert.That(StatusOf(sut, cogName).State, Is.EqualTo(CogState.Leaked));
            Assert.That(await Contexts.Router.InvokeAsync("hello"), Is.EqualTo("hello"), "the other cog still answers");
        });
    }

    [Test]
    public async Task Unload_CogUsingReflectionJson_IsStillCollected()
    {
        Assume.That(JsonCacheCleaner.IsAvailable, "this runtime's System.Text.Json has no cache-clearing handler");
        Sandbox.AddCogFolder("ReflectionJsonCog");
        var sut = CreateSut();
        await sut.LoadAllAsync();
        Assert.That(await Contexts.Router.InvokeAsync("json"), Is.EqualTo("""{"Kind":"cog","Count":3}"""));

        var outcome = await sut.UnloadAsync("ReflectionJson");

        Assert.That(outcome.Kind, Is.EqualTo(CogOutcomeKind.Unloaded), outcome.ToString());
    }

    [Test]
    public async Task Reload_NewBuildInPlace_ChangesBehaviourAndCollectsTheOldBuild()
    {
        Sandbox.AddCogFolder("VersionedCogV1", "VersionedCog");
        var sut = CreateSut();
        await sut.LoadAllAsync();
        Assert.That(await Contexts.Router.InvokeAsync("version"), Is.EqualTo("v1"));

        // Overwriting the loaded DLL in place is safe: the host runs a shadow copy.
        Sandbox.AddCogFolder("VersionedCogV2", "VersionedCog");
        Assert.That(await Contexts.Router.InvokeAsync("version"), Is.EqualTo("v1"), "still the old build until the reload");
        var outcome = await sut.ReloadAsync("Versioned");

        Assert.Multiple(async () =>
        {
            Assert.That(outcome.Kind, Is.EqualTo(CogOutcomeKind.Reloaded), outcome.ToString());
            Assert.That(outcome.Version, Is.EqualTo("2.0.0"));
            Assert.That(await Contexts.Router.InvokeAsync("version"), Is.EqualTo("v2"));
            Assert.That(StatusOf(sut, "Versioned").Version, Is.EqualTo("2.0.0"));
        });
    }

    [Test]
    public async Task Reload_SameFilesAndSettings_IsUnchangedUnlessForced()
    {
        Sandbox.AddCogFolder("VersionedCogV1", "VersionedCog");
        var sut = CreateSut();
        await sut.LoadAllAsync();

        var unchanged = await sut.ReloadAsync("Versioned");
        var forced = await sut.ReloadAsync("Versioned", force: true);

        Assert.Multiple(() =>
        {
            Assert.That(unchanged.Kind, Is.EqualTo(CogOutcomeKind.Unchanged), unchanged.ToString());
            Assert.That(forced.Kind, Is.EqualTo(CogOutcomeKind.Reloaded), forced.ToString());
        });
    }

    [Test]
    public async Task Reload_NewBuildThrowsOnStart_OldBuildKeepsServingAndOutcomeNamesTheException()
    {
        Sandbox.AddCogFolder("VersionedCogV1", "VersionedCog");
        var sut = CreateSut();
        await sut.LoadAllAsync();

        Sandbox.AddCogFolder("VersionedCogBroken", "VersionedCog");
        var outcome = await sut.ReloadAsync("Versioned");

        Assert.Multiple(async () =>
        {
            Assert.That(outcome.Kind, Is.EqualTo(CogOutcomeKind.Failed));
            Assert.That(outcome.Detail, Does.Contain("InvalidOperationException").And.Contain("the broken build refuses to start").And.Contain("1.0.0 keeps running"));
            Assert.That(await Contexts.Router.InvokeAsync("version"), Is.EqualTo("v1"));
            Assert.That(StatusOf(sut, "Versioned").State, Is.EqualTo(CogState.Running));
            Assert.That(StatusOf(sut, "Versioned").Version, Is.EqualTo("1.0.0"));
            Assert.That(StatusOf(sut, "Versioned").LastError, Does.Contain("InvalidOperationException"));
        });
    }

    [Test]
    public async Task Load_CogThatThrowsOnStart_IsFailedAndTheOthersRun()
    {
        Sandbox.AddCogFolder("VersionedCogBroken", "VersionedCog");
        Sandbox.AddCogFolder("WellBehavedCog");
        var logger = new LineLogger<CogSupervisor>();
        var sut = CreateSut(logger: logger);

        var outcomes = await sut.LoadAllAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(outcomes.Single(o => o.Cog == "Versioned").Kind, Is.EqualTo(CogOutcomeKind.Failed));
            Assert.That(StatusOf(sut, "Versioned").LastError, Does.Contain("StartAsync threw InvalidOperationException"));
            Assert.That(StatusOf(sut, "Versioned").Version, Is.EqualTo("3.0.0"), "which build failed");
            Assert.That(StatusOf(sut, "Versioned").Manifest?.ContractVersion, Is.Not.Null);
            Assert.That(logger.Lines, Has.One.StartsWith("Warning: Cog Versioned: StartAsync threw: System.InvalidOperationException: the broken build refuses to start")
                .And.Contains("at VersionedCog."), "the stack trace, so the cog's author finds the line");
            Assert.That(outcomes.Single(o => o.Cog == "WellBehaved").Kind, Is.EqualTo(CogOutcomeKind.Loaded));
            Assert.That(await Contexts.Router.InvokeAsync("hello"), Is.EqualTo("hello"));
        });
    }

    [TestCase("../WellBehavedCog")]
    [TestCase("WellBehavedCog/../WellBehavedCog")]
    [TestCase("WellBehaved\nCog")]
    public async Task LoadReloadUnload_InvalidName_FailWithTheReasonAndTouchNothing(string name)
    {
        Sandbox.AddCogFolder("WellBehavedCog");
        var sut = CreateSut();

        CogOutcome loaded = await sut.LoadAsync(name);
        CogOutcome reloaded = await sut.ReloadAsync(name);
        CogOutcome unloaded = await sut.UnloadAsync(name);

        Assert.Multiple(() =>
        {
            foreach (CogOutcome outcome in new[] { loaded, reloaded, unloaded })
            {
                Assert.That(outcome.Kind, Is.EqualTo(CogOutcomeKind.Failed));
                Assert.That(outcome.Detail, Does.StartWith("the cog name"));
                Assert.That(outcome.Cog, Does.Not.Contain("\n"));
            }

            Assert.That(sut.List(), Is.Empty, "nothing was loaded");
        });
    }

    [Test]
    public async Task TwoCogsWithTwoVersionsOfOneLibrary_EachRunsWithItsOwn()
    {
        Sandbox.AddCogFolder("IsolatedCogA");
        Sandbox.AddCogFolder("IsolatedCogB");
        var sut = CreateSut();

        IReadOnlyList<CogOutcome> outcomes = await sut.LoadAllAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(outcomes.Select(o => o.Kind), Is.EqualTo(new[] { CogOutcomeKind.Loaded, CogOutcomeKind.Loaded }), string.Join("; ", outcomes));
            Assert.That(await Contexts.Router.InvokeAsync("whichlib-a"), Is.EqualTo("shared lib v1 (1.0.0.0)"));
            Assert.That(await Contexts.Router.InvokeAsync("whichlib-b"), Is.EqualTo("shared lib v2 (2.0.0.0)"));
        });
    }

    [Test]
    public async Task Load_CogThatNeverFinishesStarting_IsFailedWithTheTimeout()
    {
        Sandbox.AddCogFolder("HangingCog");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var sut = CreateSut(time, o => o.StartTimeout = TimeSpan.FromSeconds(10));

        Task<CogOutcome> load = sut.LoadAsync("HangingCog");
        await CogSandbox.EventuallyAsync(() =>
        {
            time.Advance(TimeSpan.FromSeconds(5));
            return load.IsCompleted;
        }, "the start timeout to fire");
        var outcome = await load;

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Kind, Is.EqualTo(CogOutcomeKind.Failed));
            Assert.That(outcome.Detail, Does.Contain("did not finish within 10 s"));
            Assert.That(StatusOf(sut, "Hanging").State, Is.EqualTo(CogState.Failed));
        });
    }

    [Test]
    public async Task UnloadAll_WhileALoadIsStillStarting_CancelsItAndStopsTheOthersPromptly()
    {
        Sandbox.AddCogFolder("WellBehavedCog");
        Sandbox.AddCogFolder("HangingCog");
        // The clock never moves: without shutdown cancelling it, the hanging start would hold the gate for good.
        var sut = CreateSut(new FakeTimeProvider(DateTimeOffset.UtcNow), o => o.StartTimeout = TimeSpan.FromMinutes(5));
        Assert.That((await sut.LoadAsync("WellBehavedCog")).Kind, Is.EqualTo(CogOutcomeKind.Loaded));
        Task<CogOutcome> load = sut.LoadAsync("HangingCog"); // holds the gate, as a drop-in or !load would

        IReadOnlyList<CogOutcome> stopped = await sut.UnloadAllAsync(TimeSpan.FromMinutes(5)).WaitAsync(CogSandbox.HangGuard);
        CogOutcome cancelled = await load.WaitAsync(CogSandbox.HangGuard);

        Assert.Multiple(() =>
        {
            Assert.That(cancelled.Kind, Is.EqualTo(CogOutcomeKind.Failed));
            Assert.That(cancelled.Detail, Does.Contain("cancelled"));
            Assert.That(stopped.Select(o => (o.Cog, o.Kind)), Is.EqualTo(new[] { ("WellBehaved", CogOutcomeKind.Unloaded) }));
        });
    }

    [Test]
    public async Task Load_BadFiles_EachFailsWithAClearReasonAndTheHostKeepsRunning()
    {
        Sandbox.AddCogFolder("WellBehavedCog");
        File.WriteAllText(Path.Combine(Sandbox.PluginsDirectory, "Corrupt.dll"), "garbage, not a PE file");
        File.WriteAllBytes(Path.Combine(Sandbox.PluginsDirectory, "Native.dll"), CogImageInspectorTests.NativeDllFrom(CogSandbox.TestCogDll("WellBehavedCog", "WellBehavedCog")));
        byte[] cog = File.ReadAllBytes(CogSandbox.TestCogDll("WellBehavedCog", "WellBehavedCog"));
        Directory.CreateDirectory(Path.Combine(Sandbox.PluginsDirectory, "Truncated"));
        File.WriteAllBytes(Path.Combine(Sandbox.PluginsDirectory, "Truncated", "Truncated.dll"), cog[..(cog.Length / 3)]);
        Sandbox.AddCogFolder("NoCogLibrary");
        Sandbox.AddCogFolder("IncompatibleContractCog");
        var sut = CreateSut();

        var outcomes = (await sut.LoadAllAsync()).ToDictionary(o => o.Cog);

        Assert.Multiple(async () =>
        {
            Assert.That(outcomes["Corrupt"].Detail, Does.Contain("not a valid DLL"));
            Assert.That(outcomes["Native"].Detail, Does.Contain("native DLL, not a .NET assembly"));
            Assert.That(outcomes["Truncated"].Detail, Does.Contain("shorter"));
            Assert.That(outcomes["NoCogLibrary"].Detail, Does.Contain("contains no cog"));
            Assert.That(outcomes["IncompatibleContractCog"].Detail, Does.Contain("cog contract AndyAI.Abstractions 2.0").And.Contain("rebuild"));
            foreach (string bad in new[] { "Corrupt", "Native", "Truncated", "NoCogLibrary", "IncompatibleContractCog" })
            {
                Assert.That(outcomes[bad].Kind, Is.EqualTo(CogOutcomeKind.Failed), bad);
                Assert.That(StatusOf(sut, bad).State, Is.EqualTo(CogState.Failed), bad);
            }

            Assert.That(outcomes["WellBehaved"].Kind, Is.EqualTo(CogOutcomeKind.Loaded));
            Assert.That(await Contexts.Router.InvokeAsync("hello"), Is.EqualTo("hello"));
        });
    }

    [Test]
    public async Task Unload_AFailedCog_ClearsTheFailure_AndAgainSaysNothingRuns()
    {
        File.WriteAllBytes(Path.Combine(Sandbox.PluginsDirectory, "Corrupt.dll"), new byte[4096]);
        var sut = CreateSut();
        await sut.LoadAllAsync();
        Assert.That(StatusOf(sut, "Corrupt").State, Is.EqualTo(CogState.Failed));

        CogOutcome unloaded = await sut.UnloadAsync("Corrupt");
        CogOutcome again = await sut.UnloadAsync("Corrupt");

        Assert.Multiple(() =>
        {
            Assert.That((unloaded.Kind, unloaded.Detail), Is.EqualTo((CogOutcomeKind.Unloaded, "it had failed to load; nothing was running")));
            Assert.That(StatusOf(sut, "Corrupt").State, Is.EqualTo(CogState.Unloaded), "no longer a failure that holds /readyz at 503");
            Assert.That(StatusOf(sut, "Corrupt").LastError, Is.Null);
            Assert.That(again.Kind, Is.EqualTo(CogOutcomeKind.Unchanged));
            Assert.That(AndyAI.Host.Admin.AdminReplies.Format(again, AndyAI.Host.Admin.AdminReplies.Operation.Unload), Is.EqualTo("Corrupt: not running; nothing to unload"),
                "not 'already loaded'");
        });
    }

    [Test]
    public async Task LoadAll_FollowsLoadOrderAndSkipsDisabledCogs()
    {
        Sandbox.AddCogFolder("WellBehavedCog");
        Sandbox.AddCogFolder("VersionedCogV1", "VersionedCog");
        Sandbox.AddCogFolder("ReflectionJsonCog");
        Sandbox.WriteConfig("""{ "loadOrder": ["VersionedCog", "WellBehavedCog"], "cogs": { "ReflectionJson": { "enabled": false } } }""");
        var sut = CreateSut();

        var outcomes = await sut.LoadAllAsync();

        Assert.Multiple(() =>
        {
            Assert.That(outcomes.Select(o => o.Cog), Is.EqualTo(new[] { "Versioned", "WellBehaved", "ReflectionJson" }));
            Assert.That(outcomes[2].Kind, Is.EqualTo(CogOutcomeKind.Disabled));
            Assert.That(StatusOf(sut, "ReflectionJson").State, Is.EqualTo(CogState.Disabled));
        });
    }

    [Test]
    public async Task UnloadAll_StopsCogsInReverseLoadOrder()
    {
        Sandbox.AddCogFolder("WellBehavedCog");
        Sandbox.AddCogFolder("VersionedCogV1", "VersionedCog");
        Sandbox.AddCogFolder("ReflectionJsonCog");
        Sandbox.WriteConfig("""{ "loadOrder": ["WellBehavedCog", "ReflectionJsonCog", "VersionedCog"] }""");
        var sut = CreateSut();
        await sut.LoadAllAsync();

        var outcomes = await sut.UnloadAllAsync(TimeSpan.FromSeconds(20));

        Assert.Multiple(() =>
        {
            Assert.That(Contexts.DisposedInOrder, Is.EqualTo(new[] { "Versioned", "ReflectionJson", "WellBehaved" }));
            Assert.That(outcomes.Select(o => o.Kind), Is.All.EqualTo(CogOutcomeKind.Unloaded));
            Assert.That(Contexts.Router.LiveCommands, Is.Empty);
        });
    }

    [Test]
    public async Task List_ReportsVersionLoadTimeAndHandlerErrors()
    {
        Sandbox.AddCogFolder("WellBehavedCog");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var sut = CreateSut(time);
        await sut.LoadAllAsync();

        Assert.That(await Contexts.Router.InvokeAsync("boom"), Is.EqualTo("error"));
        var status = StatusOf(sut, "WellBehaved");

        Assert.Multiple(() =>
        {
            Assert.That(status.Package, Is.EqualTo("WellBehavedCog"));
            Assert.That(status.Version, Is.EqualTo("1.2.3"));
            Assert.That(status.LoadedAt, Is.EqualTo(time.GetUtcNow()));
            Assert.That(status.HandlerErrorCount, Is.EqualTo(1));
            Assert.That(status.LastHandlerError, Does.Contain("boom from a handler"));
            Assert.That(status.LastError, Is.Null);
        });
    }

    [Test]
    public async Task ReloadConfiguration_InvalidEdit_KeepsTheLastGoodConfigurationAndSaysWhy()
    {
        Sandbox.AddCogFolder("WellBehavedCog");
        Sandbox.WriteConfig("""{ "cogs": { "WellBehaved": { "settings": { "greeting": "one" } } } }""");
        var logger = new LineLogger<CogSupervisor>();
        var sut = CreateSut(logger: logger);
        await sut.LoadAllAsync();

        Sandbox.WriteConfig("{ \"cogs\": { \"WellBehaved\": { \"settings\": { \"greeting\": \"two\" } }\n");
        var result = await sut.ReloadConfigurationAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(result.Error, Does.Contain("invalid JSON at line"));
            Assert.That(result.Outcomes, Is.Empty);
            Assert.That(await Contexts.Router.InvokeAsync("hello"), Is.EqualTo("one"));
            Assert.That(sut.Configuration.SettingsFor("WellBehaved", "WellBehavedCog").GetProperty("greeting").GetString(), Is.EqualTo("one"));
            Assert.That(logger.Lines, Has.Some.Contains("last good configuration").And.Contains("line"));
        });
    }

    [Test]
    public async Task ReloadConfiguration_ChangedSettingsAndEnabledFlags_AreApplied()
    {
        Sandbox.AddCogFolder("WellBehavedCog");
        Sandbox.AddCogFolder("VersionedCogV1", "VersionedCog");
        Sandbox.WriteConfig("""{ "cogs": { "WellBehaved": { "settings": { "greeting": "one" } }, "Versioned": { "enabled": false } } }""");
        var sut = CreateSut();
        await sut.LoadAllAsync();

        Sandbox.WriteConfig("""{ "cogs": { "WellBehaved": { "settings": { "greeting": "two" } }, "Versioned": { "enabled": true } } }""");
        var result = await sut.ReloadConfigurationAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(result.Error, Is.Null);
            Assert.That(result.Outcomes.Select(o => (o.Cog, o.Kind)), Is.EquivalentTo(new[] { ("WellBehaved", CogOutcomeKind.Reloaded), ("Versioned", CogOutcomeKind.Loaded) }));
            Assert.That(await Contexts.Router.InvokeAsync("hello"), Is.EqualTo("two"));
            Assert.That(await Contexts.Router.InvokeAsync("version"), Is.EqualTo("v1"));
        });
    }

    [Test]
    public async Task LoadAll_InvalidPluginsJsonAtStart_Throws()
    {
        Sandbox.WriteConfig("{ \"watch\": yes }");
        var sut = CreateSut();

        var e = await Assert.ThrowsAsync<PluginsConfigurationException>(() => sut.LoadAllAsync());

        Assert.That(e!.Message, Does.Contain("line 1, position"));
    }

    [Test]
    public async Task LooseDll_IsDiscoveredAndLoaded()
    {
        File.Copy(CogSandbox.TestCogDll("VersionedCogV2", "VersionedCog"), Path.Combine(Sandbox.PluginsDirectory, "VersionedCog.dll"));
        var sut = CreateSut();

        var outcomes = await sut.LoadAllAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(outcomes.Single().Kind, Is.EqualTo(CogOutcomeKind.Loaded), outcomes.Single().ToString());
            Assert.That(await Contexts.Router.InvokeAsync("version"), Is.EqualTo("v2"));
        });
    }
}
