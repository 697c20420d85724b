using AndyAI.Host.Cogs.Configuration;
using AndyAI.Host.Cogs.Supervision;
using AndyAI.Host.Tests.Fakes;

namespace AndyAI.Host.Tests.Cogs.Supervision;

/// <summary>The watcher against the real file system, with a short debounce. No timing is asserted: each test waits for a state.</summary>
public sealed class CogDropInWatcherTests : SandboxFixture
{
    private async Task<(CogSupervisor Supervisor, CogDropInWatcher Watcher)> StartAsync()
    {
        CogSupervisor supervisor = Sandbox.CreateSupervisor(Contexts);
        await supervisor.LoadAllAsync();
        CogDropInWatcher watcher = Sandbox.CreateWatcher(supervisor);
        watcher.Start(supervisor.Configuration);
        return (supervisor, watcher);
    }

    private static CogState? StateOf(CogSupervisor supervisor, string name) =>
        supervisor.List().FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))?.State;

    [Test]
    public async Task CogFolderCopiedIn_WhileRunning_IsLoaded()
    {
        var (supervisor, _) = await StartAsync();

        Sandbox.AddCogFolder("WellBehavedCog");

        await CogSandbox.EventuallyAsync(() => StateOf(supervisor, "WellBehaved") == CogState.Running, "the dropped cog to run");
        Assert.That(await Contexts.Router.InvokeAsync("hello"), Is.EqualTo("hello"));
    }

    [Test]
    public async Task CogFolderWithoutADllNamedAfterIt_IsReportedNotSilentlyIgnored()
    {
        CogSupervisor supervisor = Sandbox.CreateSupervisor(Contexts);
        await supervisor.LoadAllAsync();
        var logger = new LineLogger<CogDropInWatcher>();
        CogDropInWatcher watcher = Sandbox.CreateWatcher(supervisor, logger: logger);
        watcher.Start(supervisor.Configuration);

        string misnamed = Directory.CreateDirectory(Path.Combine(Sandbox.PluginsDirectory, "Dice")).FullName;
        File.Copy(CogSandbox.TestCogDll("WellBehavedCog", "WellBehavedCog"), Path.Combine(misnamed, "WellBehavedCog.dll"));

        await CogSandbox.EventuallyAsync(() => logger.Lines.Any(l => l.Contains("Dice/: no Dice.dll", StringComparison.Ordinal)), "a warning about the misnamed folder");
        Assert.That(logger.Lines.First(l => l.Contains("Dice/", StringComparison.Ordinal)), Does.StartWith("Warning: Ignored in the plugins folder").And.Contain("WellBehavedCog.dll"));
    }

    [Test]
    public async Task DllWrittenInSlowChunks_IsNotLoadedBeforeItIsComplete()
    {
        var (supervisor, watcher) = await StartAsync();
        byte[] dll = File.ReadAllBytes(CogSandbox.TestCogDll("VersionedCogV1", "VersionedCog"));
        string folder = Path.Combine(Sandbox.PluginsDirectory, "VersionedCog");
        Directory.CreateDirectory(folder);

        await using (var writer = new FileStream(Path.Combine(folder, "VersionedCog.dll"), FileMode.CreateNew, FileAccess.Write, FileShare.Read))
        {
            int chunk = dll.Length / 4;
            for (int i = 0; i < 3; i++)
            {
                long seen = watcher.DeferredCount;
                await writer.WriteAsync(dll.AsMemory(i * chunk, chunk));
                await writer.FlushAsync();
                await CogSandbox.EventuallyAsync(() => watcher.DeferredCount > seen, $"the watcher to look at the file after chunk {i + 1}");
                Assert.That(StateOf(supervisor, "Versioned"), Is.Null, $"nothing may be loaded after chunk {i + 1} of 4");
                Assert.That(supervisor.List(), Is.Empty, "not even a failed attempt");
            }

            await writer.WriteAsync(dll.AsMemory(3 * chunk));
        }

        await CogSandbox.EventuallyAsync(() => StateOf(supervisor, "Versioned") == CogState.Running, "the complete DLL to load");
        Assert.That(await Contexts.Router.InvokeAsync("version"), Is.EqualTo("v1"));
    }

    [Test]
    public async Task LoadedDllOverwrittenInPlace_DoesNotCrashAndTheNewBuildTakesOver()
    {
        Sandbox.AddCogFolder("VersionedCogV1", "VersionedCog");
        var (supervisor, _) = await StartAsync();
        Assert.That(await Contexts.Router.InvokeAsync("version"), Is.EqualTo("v1"));

        foreach (string file in Directory.EnumerateFiles(CogSandbox.TestCogOutput("VersionedCogV2")))
        {
            File.Copy(file, Path.Combine(Sandbox.PluginsDirectory, "VersionedCog", Path.GetFileName(file)), overwrite: true);
        }

        await CogSandbox.EventuallyAsync(async () => await Contexts.Router.InvokeAsync("version") == "v2", "the new build to answer");
        // The new build answers from its activation on; the supervisor records it as current a moment later.
        await CogSandbox.EventuallyAsync(() => supervisor.List().Single().Version == "2.0.0", "the supervisor to list the new build");
        Assert.That(supervisor.List().Single().State, Is.EqualTo(CogState.Running));
    }

    [Test]
    public async Task CogFolderDeleted_UnloadsTheCog()
    {
        Sandbox.AddCogFolder("WellBehavedCog");
        var (supervisor, _) = await StartAsync();

        Directory.Delete(Path.Combine(Sandbox.PluginsDirectory, "WellBehavedCog"), recursive: true);

        await CogSandbox.EventuallyAsync(() => StateOf(supervisor, "WellBehaved") == CogState.Unloaded, "the deleted cog to unload");
        Assert.That(await Contexts.Router.InvokeAsync("hello"), Is.Null);
    }

    [Test]
    public async Task FailedCogDeleted_IsUnloaded_SoItsFailureNoLongerCounts()
    {
        string corrupt = Path.Combine(Sandbox.PluginsDirectory, "Corrupt.dll");
        File.WriteAllBytes(corrupt, new byte[4096]);
        var (supervisor, _) = await StartAsync();
        Assert.That(StateOf(supervisor, "Corrupt"), Is.EqualTo(CogState.Failed));

        File.Delete(corrupt);

        await CogSandbox.EventuallyAsync(() => StateOf(supervisor, "Corrupt") == CogState.Unloaded, "the deleted failed cog to be unloaded");
    }

    [Test]
    public async Task PluginsJsonEdited_NewSettingsApplyAndABrokenEditIsIgnored()
    {
        Sandbox.AddCogFolder("WellBehavedCog");
        Sandbox.WriteConfig("""{ "cogs": { "WellBehaved": { "settings": { "greeting": "one" } } } }""");
        var (supervisor, _) = await StartAsync();

        Sandbox.WriteConfig("""{ "cogs": { "WellBehaved": { "settings": { "greeting": "two" } } } }""");
        await CogSandbox.EventuallyAsync(async () => await Contexts.Router.InvokeAsync("hello") == "two", "the new settings to apply");
        Sandbox.WriteConfig("""{ "cogs": { "WellBehaved": { "settings": { "greeting": "three" } """);
        Sandbox.AddCogFolder("VersionedCogV1", "VersionedCog");
        await CogSandbox.EventuallyAsync(() => StateOf(supervisor, "Versioned") == CogState.Running, "a later drop-in, proving the watcher got past the bad edit");

        Assert.Multiple(async () =>
        {
            Assert.That(await Contexts.Router.InvokeAsync("hello"), Is.EqualTo("two"));
            Assert.That(StateOf(supervisor, "WellBehaved"), Is.EqualTo(CogState.Running));
        });
    }

    [Test]
    public async Task PluginsJsonRereadThrows_WatcherKeepsLoadingDroppedCogs()
    {
        CogSupervisor supervisor = Sandbox.CreateSupervisor(Contexts);
        await supervisor.LoadAllAsync();
        var failing = new ConfigurationReloadFailingSupervisor(supervisor);
        CogDropInWatcher watcher = Sandbox.CreateWatcher(failing);
        watcher.Start(supervisor.Configuration);

        Sandbox.WriteConfig("{ }");
        await CogSandbox.EventuallyAsync(() => failing.FailedReloads > 0, "the plugins.json re-read to fail");
        Sandbox.AddCogFolder("WellBehavedCog");

        await CogSandbox.EventuallyAsync(() => StateOf(supervisor, "WellBehaved") == CogState.Running, "the dropped cog to run");
    }

    /// <summary>The real supervisor, except that re-reading plugins.json fails with an I/O error (a disk going away).</summary>
    private sealed class ConfigurationReloadFailingSupervisor(CogSupervisor inner) : ICogSupervisor
    {
        private int _failedReloads;

        public int FailedReloads => Volatile.Read(ref _failedReloads);

        public PluginsConfiguration Configuration => inner.Configuration;

        public event Action<PluginsConfiguration>? ConfigurationApplied
        {
            add => inner.ConfigurationApplied += value;
            remove => inner.ConfigurationApplied -= value;
        }

        public IReadOnlyList<CogStatus> List() => inner.List();

        public Task<IReadOnlyList<CogOutcome>> LoadAllAsync(CancellationToken cancellationToken = default) => inner.LoadAllAsync(cancellationToken);

        public Task<CogOutcome> LoadAsync(string name, CancellationToken cancellationToken = default) => inner.LoadAsync(name, cancellationToken);

        public Task<CogOutcome> UnloadAsync(string name, CancellationToken cancellationToken = default) => inner.UnloadAsync(name, cancellationToken);

        public Task<CogOutcome> ReloadAsync(string name, bool force = false, CancellationToken cancellationToken = default) =>
            inner.ReloadAsync(name, force, cancellationToken);

        public Task<IReadOnlyList<CogOutcome>> ReloadAllAsync(bool force = false, CancellationToken cancellationToken = default) =>
            inner.ReloadAllAsync(force, cancellationToken);

        public Task<ConfigurationReloadResult> ReloadConfigurationAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _failedReloads);
            throw new IOException("Input/output error");
        }

        public Task<IReadOnlyList<CogOutcome>> UnloadAllAsync(TimeSpan deadline, CancellationToken cancellationToken = default) =>
            inner.UnloadAllAsync(deadline, cancellationToken);
    }
}
