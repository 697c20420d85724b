using System.Threading.Channels;
using AndyAI.Host.Cogs;
using AndyAI.Host.Cogs.Configuration;
using AndyAI.Host.Cogs.Loading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AndyAI.Host.Cogs.Supervision;

/// <summary>
/// Watches run/plugins/ and plugins.json. A new cog folder or DLL is loaded, a changed one reloaded (atomically), a
/// deleted one unloaded; an edited plugins.json is re-read and applied. Events are debounced, and a package is
/// only touched once its files are completely written: unchanged size and timestamps across a quiet period, no
/// writer holding a file open, and a DLL whose sections all lie inside the file.
/// McMaster's own hot reload watches only LastWrite of already-loaded DLLs; this one sees new folders too.
/// </summary>
internal sealed class CogDropInWatcher : IAsyncDisposable
{
    private const string ConfigurationKey = "\0plugins.json";
    private const string RescanKey = "\0rescan";

    // A package that stays "not ready" this many checks in a row with nobody writing is loaded anyway, so a
    // truncated DLL ends as a clear Failed outcome instead of being watched forever.
    private const int MaxDeferrals = 10;

    private readonly ICogSupervisor _supervisor;
    private readonly CogSupervisorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CogDropInWatcher> _logger;
    private readonly Channel<string> _events = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, int> _deferrals = new(StringComparer.OrdinalIgnoreCase);
    private FileSystemWatcher? _pluginsWatcher;
    private FileSystemWatcher? _configurationWatcher;
    private CancellationTokenSource? _stop;
    private Task? _loop;
    private string _pluginsDirectory = "";
    private volatile bool _dropInEnabled;
    private long _deferred;

    private readonly IConfigurationChangeRelay? _relay;

    public CogDropInWatcher(ICogSupervisor supervisor, IOptions<CogSupervisorOptions> options, TimeProvider time, ILogger<CogDropInWatcher> logger, IConfigurationChangeRelay? relay = null)
    {
        _relay = relay;
        ArgumentNullException.ThrowIfNull(supervisor);
        ArgumentNullException.ThrowIfNull(options);
        _supervisor = supervisor;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>How many times a package was found still being written and left for later (for tests and !cogs diagnostics).</summary>
    public long DeferredCount => Interlocked.Read(ref _deferred);

    /// <summary>Whether the drop-in part is on (plugins.json <c>watch</c>); plugins.json itself is always watched.</summary>
    public bool DropInEnabled => _dropInEnabled;

    /// <summary>Starts watching the folder and file of <paramref name="configuration"/>.</summary>
    public void Start(PluginsConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (_loop is not null) throw new InvalidOperationException("The watcher is already running.");
        _pluginsDirectory = configuration.PluginsDirectory;
        _dropInEnabled = configuration.Watch;
        _supervisor.ConfigurationApplied += OnConfigurationApplied;
        Directory.CreateDirectory(_pluginsDirectory);

        _pluginsWatcher = new FileSystemWatcher(_pluginsDirectory)
        {
            IncludeSubdirectories = true,
            InternalBufferSize = 64 * 1024,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _pluginsWatcher.Created += OnPluginsEvent;
        _pluginsWatcher.Changed += OnPluginsEvent;
        _pluginsWatcher.Deleted += OnPluginsEvent;
        _pluginsWatcher.Renamed += OnPluginsRenamed;
        _pluginsWatcher.Error += OnError;
        _pluginsWatcher.EnableRaisingEvents = true;

        string configurationPath = configuration.SourcePath ?? Path.GetFullPath(_options.ConfigPath);
        string? configurationDirectory = Path.GetDirectoryName(configurationPath);
        if (configurationDirectory is not null && Directory.Exists(configurationDirectory))
        {
            _configurationWatcher = new FileSystemWatcher(configurationDirectory, Path.GetFileName(configurationPath))
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            _configurationWatcher.Created += OnConfigurationEvent;
            _configurationWatcher.Changed += OnConfigurationEvent;
            _configurationWatcher.Renamed += OnConfigurationEvent;
            _configurationWatcher.EnableRaisingEvents = true;
        }

        _stop = new CancellationTokenSource();
        _loop = Task.Run(() => RunAsync(_stop.Token));
        CogLog.WatcherStarted(_logger, _pluginsDirectory);
    }

    public async Task StopAsync()
    {
        _supervisor.ConfigurationApplied -= OnConfigurationApplied;
        _pluginsWatcher?.Dispose();
        _pluginsWatcher = null;
        _configurationWatcher?.Dispose();
        _configurationWatcher = null;
        if (_stop is null || _loop is null) return;
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _stop = null;
        _loop = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private void OnConfigurationApplied(PluginsConfiguration configuration) => _dropInEnabled = configuration.Watch;

    private void OnPluginsEvent(object sender, FileSystemEventArgs e) => Enqueue(PackageOf(e.FullPath));

    private void OnPluginsRenamed(object sender, RenamedEventArgs e)
    {
        Enqueue(PackageOf(e.OldFullPath));
        Enqueue(PackageOf(e.FullPath));
    }

    private void OnConfigurationEvent(object sender, FileSystemEventArgs e) => _events.Writer.TryWrite(ConfigurationKey);

    private void OnError(object sender, ErrorEventArgs e)
    {
        CogLog.WatcherRescan(_logger, e.GetException().Message, _pluginsDirectory);
        _events.Writer.TryWrite(RescanKey);
    }

    private void Enqueue(string? package)
    {
        if (package is not null) _events.Writer.TryWrite(package);
    }

    /// <summary>The package a path belongs to: the first folder under run/plugins/, or a loose DLL's name.</summary>
    private string? PackageOf(string path)
    {
        string relative = Path.GetRelativePath(_pluginsDirectory, path);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) || relative == ".") return null;
        int separator = relative.IndexOfAny([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar]);
        string first = separator < 0 ? relative : relative[..separator];
        if (first.StartsWith('.')) return null;
        if (separator >= 0) return first;
        foreach (string suffix in (ReadOnlySpan<string>)[".deps.json", ".dll", ".pdb", ".zip"])
        {
            if (first.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) return first[..^suffix.Length];
        }

        return first;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var pending = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (!cancellationToken.IsCancellationRequested)
        {
            if (pending.Count == 0 && !await _events.Reader.WaitToReadAsync(cancellationToken)) return;
            Drain(pending);

            // Debounce: a copy raises a burst of events; act only after a quiet period with none.
            do
            {
                await Task.Delay(_options.WatcherDebounce, _time, cancellationToken);
            }
            while (Drain(pending) > 0);

            pending = await ProcessAsync(pending, cancellationToken);
        }
    }

    private int Drain(HashSet<string> pending)
    {
        int count = 0;
        while (_events.Reader.TryRead(out string? key))
        {
            pending.Add(key);
            count++;
        }

        return count;
    }

    /// <summary>Handles each pending key; returns the packages that were not completely written yet.</summary>
    private async Task<HashSet<string>> ProcessAsync(HashSet<string> pending, CancellationToken cancellationToken)
    {
        var notReady = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // The watcher must outlive every failure it meets (a folder deleted mid-scan, a disk error, a supervisor
        // bug): one that died would leave the bot running with drop-in and plugins.json edits silently ignored.
        if (pending.Remove(ConfigurationKey))
        {
            try
            {
                await _supervisor.ReloadConfigurationAsync(cancellationToken);
                if (_relay is not null) await _relay.RelayAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                CogLog.WatcherFailed(_logger, e, "plugins.json");
            }
        }

        if (pending.Remove(RescanKey))
        {
            try
            {
                foreach (CogPackage package in CogDiscovery.Discover(_pluginsDirectory)) pending.Add(package.Name);
                foreach (CogStatus status in _supervisor.List()) pending.Add(status.Package);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                CogLog.WatcherFailed(_logger, e, _pluginsDirectory);
                notReady.Add(RescanKey);
            }
        }

        if (!_dropInEnabled) return notReady;
        foreach (string name in pending)
        {
            try
            {
                if (!await HandlePackageAsync(name, cancellationToken)) notReady.Add(name);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                CogLog.WatcherFailed(_logger, e, name);
            }
        }

        return notReady;
    }

    /// <summary>Loads, reloads or unloads one package. False when its files are not completely written yet.</summary>
    private async Task<bool> HandlePackageAsync(string name, CancellationToken cancellationToken)
    {
        CogStatus? status = _supervisor.List().FirstOrDefault(s => string.Equals(s.Package, name, StringComparison.OrdinalIgnoreCase));
        CogPackage? package = CogDiscovery.Find(_pluginsDirectory, name);
        if (package is null)
        {
            _deferrals.Remove(name);
            if (status is null && CogDiscovery.MissingMainDll(Path.Combine(_pluginsDirectory, name)) is { } missing) CogLog.PackageNameRejected(_logger, missing);
            // A failed cog whose files are gone is unloaded too, so its failure stops holding /readyz at 503.
            if (status is { State: CogState.Running or CogState.Failed }) await _supervisor.UnloadAsync(name, cancellationToken);
            return true;
        }

        if (await WhyNotReadyAsync(package, cancellationToken) is { } notReady)
        {
            int deferrals = _deferrals.GetValueOrDefault(name) + 1;
            _deferrals[name] = deferrals;
            Interlocked.Increment(ref _deferred);
            CogLog.NotReady(_logger, name, notReady.Reason);
            // A writer that still holds a file open is waited for however long it takes: loading now would read a
            // half-written file. Anything else ends as a Failed outcome after MaxDeferrals checks.
            if (deferrals < MaxDeferrals || notReady.WriterHoldsAFile) return false;
        }

        _deferrals.Remove(name);
        if (status is { State: CogState.Disabled }) return true;
        if (status is { State: CogState.Running }) await _supervisor.ReloadAsync(name, force: false, cancellationToken);
        else await _supervisor.LoadAsync(name, cancellationToken);
        return true;
    }

    /// <summary>Null when the package's files are completely written, else why not.</summary>
    private async Task<NotReady?> WhyNotReadyAsync(CogPackage package, CancellationToken cancellationToken)
    {
        Dictionary<string, (long Size, DateTime Written)> before = Snapshot(package);
        await Task.Delay(_options.WatcherDebounce, _time, cancellationToken);
        Dictionary<string, (long Size, DateTime Written)> after = Snapshot(package);
        if (before.Count != after.Count || before.Any(b => !after.TryGetValue(b.Key, out var a) || a != b.Value))
        {
            return new NotReady("its files are still changing", WriterHoldsAFile: false);
        }

        foreach (string file in after.Keys)
        {
            try
            {
                // No sharing at all: fails while any writer (or a .NET reader) still has the file open.
                using var probe = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.None);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return new NotReady("its files are still changing", WriterHoldsAFile: false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new NotReady($"a writer still has {Path.GetFileName(file)} open", WriterHoldsAFile: true);
            }
        }

        if (package.IsArchive)
        {
            // A zip's directory is written last: until it can be opened, it is still being copied.
            return CogArchive.IsComplete(package.MainAssemblyPath) ? null : new NotReady("the archive cannot be opened yet", WriterHoldsAFile: false);
        }

        CogImageCheck check = CogImageInspector.Inspect(package.MainAssemblyPath);
        return check.Verdict == CogImageVerdict.Incomplete ? new NotReady(check.Problem ?? "its DLL is incomplete", WriterHoldsAFile: false) : null;
    }

    private static Dictionary<string, (long Size, DateTime Written)> Snapshot(CogPackage package)
    {
        var files = new Dictionary<string, (long, DateTime)>(StringComparer.Ordinal);
        foreach (string file in package.EnumerateFiles())
        {
            var info = new FileInfo(file);
            if (info.Exists) files[file] = (info.Length, info.LastWriteTimeUtc);
        }

        return files;
    }

    /// <summary>Why a package was left for later.</summary>
    /// <param name="Reason">For the log line.</param>
    /// <param name="WriterHoldsAFile">A file could not be opened exclusively: someone is still writing it.</param>
    private readonly record struct NotReady(string Reason, bool WriterHoldsAFile);
}
