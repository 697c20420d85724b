using AndyAI.Host.Cogs.Supervision;
using AndyAI.Host.Tests.Fakes;
using Microsoft.Extensions.Options;

namespace AndyAI.Host.Tests.Cogs;

/// <summary>
/// A throwaway bot folder: run/plugins/, plugins.json, run/data/ and a shadow-copy folder under the temp directory, with
/// helpers to place the test cogs (real assemblies built from tests/TestCogs) into it.
/// </summary>
internal sealed class CogSandbox : IAsyncDisposable
{
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly List<IAsyncDisposable> _owned = [];

    public CogSandbox()
    {
        Root = Path.Combine(Path.GetTempPath(), "andyai-cog-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(PluginsDirectory);
    }

    public string Root { get; }

    public string PluginsDirectory => Path.Combine(Root, "run", "plugins");

    public string ConfigPath => Path.Combine(Root, "plugins.json");

    public string DataDirectory => Path.Combine(Root, "run", "data");

    /// <summary>The build output of a test cog project (tests/TestCogs/&lt;project&gt;).</summary>
    public static string TestCogOutput(string project)
    {
        string directory = Path.Combine(AppContext.BaseDirectory, "TestCogs", project);
        if (!Directory.Exists(directory)) Assert.Fail($"test cog {project} was not built into {directory}");
        return directory;
    }

    /// <summary>The main DLL of a test cog's build output.</summary>
    public static string TestCogDll(string project, string assemblyName) => Path.Combine(TestCogOutput(project), assemblyName + ".dll");

    /// <summary>Copies a test cog's build into run/plugins/&lt;assemblyName&gt;/ (the deployed layout).</summary>
    public string AddCogFolder(string project, string? assemblyName = null, string? intoDirectory = null)
    {
        assemblyName ??= project;
        string target = Path.Combine(intoDirectory ?? PluginsDirectory, assemblyName);
        Directory.CreateDirectory(target);
        foreach (string file in Directory.EnumerateFiles(TestCogOutput(project)))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }

        return Path.Combine(target, assemblyName + ".dll");
    }

    public void WriteConfig(string json) => File.WriteAllText(ConfigPath, json);

    public CogSupervisor CreateSupervisor(FakeCogContextFactory contexts, TimeProvider? time = null, Action<CogSupervisorOptions>? configure = null, LineLogger<CogSupervisor>? logger = null)
    {
        var options = new CogSupervisorOptions
        {
            ConfigPath = ConfigPath,
            ShadowCopyDirectory = Path.Combine(Root, "shadow"),
            StartTimeout = TimeSpan.FromSeconds(20),
            StopTimeout = TimeSpan.FromSeconds(20),
            WatcherDebounce = TimeSpan.FromMilliseconds(100),
            UnloadVerifyAttempts = 8,
        };
        configure?.Invoke(options);
        var supervisor = new CogSupervisor(contexts, Options.Create(options), time ?? TimeProvider.System, logger ?? new LineLogger<CogSupervisor>());
        _owned.Add(supervisor);
        return supervisor;
    }

    public CogDropInWatcher CreateWatcher(ICogSupervisor supervisor, Action<CogSupervisorOptions>? configure = null, LineLogger<CogDropInWatcher>? logger = null)
    {
        var options = new CogSupervisorOptions { ConfigPath = ConfigPath, WatcherDebounce = TimeSpan.FromMilliseconds(100) };
        configure?.Invoke(options);
        var watcher = new CogDropInWatcher(supervisor, Options.Create(options), TimeProvider.System, logger ?? new LineLogger<CogDropInWatcher>());
        _owned.Insert(0, watcher);
        return watcher;
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails after the hang guard.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + HangGuard;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for: {what}");
            await Task.Delay(25);
        }
    }

    public static Task EventuallyAsync(Func<bool> condition, string what) => EventuallyAsync(() => Task.FromResult(condition()), what);

    public async ValueTask DisposeAsync()
    {
        foreach (IAsyncDisposable owned in _owned) await owned.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
