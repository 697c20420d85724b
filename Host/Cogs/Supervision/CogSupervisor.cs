using System.Diagnostics.Metrics;
using System.Text.Json;
using AndyAI.Host.Cogs;
using AndyAI.Host.Cogs.Configuration;
using AndyAI.Host.Cogs.Loading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AndyAI.Host.Cogs.Supervision;

/// <summary>
/// Owns every cog: discovers packages in run/plugins/, loads each into its own collectible context, starts it with a
/// timeout, reloads atomically, unloads with verified collection and stops all at shutdown. Operations are
/// serialized by one gate (they are rare and slow: admin commands and file drops); <see cref="List"/> never waits.
/// </summary>
internal sealed class CogSupervisor : ICogSupervisor, IAsyncDisposable
{
    private readonly CogInstanceLifecycle _instances;
    private readonly CogSupervisorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CogSupervisor> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Cancelled when shutdown begins: an operation still holding the gate (a drop-in reload, a !load whose cog is slow
    // to start) is cancelled so the cogs can be stopped now, not after it finishes or the shutdown deadline passes.
    private readonly CancellationTokenSource _shutdown = new();
    // Cancelled when shutdown's budget for stopping is spent: instances still finishing their work are told to stop now.
    private readonly CancellationTokenSource _drainCutoff;
    private readonly Lock _sync = new();
    private readonly Dictionary<string, CogEntry> _entries = new(StringComparer.OrdinalIgnoreCase);

    // Retired instances (a reload's old build, an unloaded cog) still finishing their work in the background.
    private readonly HashSet<Task> _retiring = [];
    private PluginsConfiguration? _configuration;
    private long _sequence;
    private bool _disposed;

    public CogSupervisor(ICogContextFactory contexts, IOptions<CogSupervisorOptions> options, TimeProvider time, ILogger<CogSupervisor> logger, IMeterFactory? meters = null)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _time = time;
        _logger = logger;
        _instances = new CogInstanceLifecycle(contexts, _options, time, logger);
        _drainCutoff = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        // Loads, reloads and unloads by outcome (Leaked counts the contexts that were not collected) and how long they took.
        _operations = meters?.Create("AndyAI.Cogs").CreateHistogram<double>("andyai.cogs.operation.duration", "s",
            "Cog loads, reloads and unloads by cog and outcome (Loaded, Reloaded, Unloaded, Unchanged, Failed, Leaked…)");
    }

    private readonly Histogram<double>? _operations;

    public PluginsConfiguration Configuration => _configuration ?? throw new InvalidOperationException("plugins.json has not been read yet; call LoadAllAsync first");

    public event Action<PluginsConfiguration>? ConfigurationApplied;

    public IReadOnlyList<CogStatus> List()
    {
        CogEntry[] entries;
        lock (_sync) entries = [.. _entries.Values];
        PluginsConfiguration? configuration = _configuration;
        return [.. entries.OrderBy(e => e.Sequence == 0 ? long.MaxValue : e.Sequence)
            .ThenBy(e => configuration?.OrderOf(e.Package.Name, e.Name) ?? 0)
            .ThenBy(e => e.Name, StringComparer.OrdinalIgnoreCase)
            .Select(e => e.ToStatus())];
    }

    public Task<IReadOnlyList<CogOutcome>> LoadAllAsync(CancellationToken cancellationToken = default)
    {
        return ExclusiveAsync<IReadOnlyList<CogOutcome>>(async cancellationToken =>
        {
            PluginsConfiguration configuration = EnsureConfiguration();
            var outcomes = new List<CogOutcome>();
            IReadOnlyList<CogPackage> packages = Discover(configuration.PluginsDirectory);
            if (_options.WarnAboutUnlistedCogs && configuration.Trust == CogTrust.Any
                && packages.Where(p => !configuration.Cogs.ContainsKey(p.Name)).Select(p => p.Name).ToArray() is { Length: > 0 } unlisted)
            {
                CogLog.UnlistedCogs(_logger, string.Join(", ", unlisted), configuration.PluginsDirectory);
            }

            foreach (CogPackage package in Ordered(packages, configuration))
            {
                cancellationToken.ThrowIfCancellationRequested();
                outcomes.Add(Report(await LoadCoreAsync(package, cancellationToken)));
            }

            return outcomes;
        }, cancellationToken);
    }

    public Task<CogOutcome> LoadAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (InvalidName(name) is { } invalid) return Task.FromResult(invalid);
        return ExclusiveAsync<CogOutcome>(async cancellationToken =>
        {
            PluginsConfiguration configuration = EnsureConfiguration();
            CogPackage? package = CogDiscovery.Find(configuration.PluginsDirectory, Find(name)?.Package.Name ?? name);
            return Report(package is null
                ? new CogOutcome(name, CogOutcomeKind.Failed, TimeSpan.Zero, $"no {name}/{name}.dll or {name}.dll in {configuration.PluginsDirectory}")
                : await LoadCoreAsync(package, cancellationToken));
        }, cancellationToken);
    }

    public Task<CogOutcome> UnloadAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (InvalidName(name) is { } invalid) return Task.FromResult(invalid);
        return ExclusiveAsync<CogOutcome>(async cancellationToken =>
        {
            CogEntry? entry = Find(name);
            return Report(entry is null
                ? new CogOutcome(name, CogOutcomeKind.Failed, TimeSpan.Zero, "no such cog")
                : await UnloadCoreAsync(entry, CogState.Unloaded, null, cancellationToken));
        }, cancellationToken);
    }

    public Task<CogOutcome> ReloadAsync(string name, bool force = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (InvalidName(name) is { } invalid) return Task.FromResult(invalid);
        return ExclusiveAsync<CogOutcome>(async cancellationToken =>
        {
            PluginsConfiguration configuration = EnsureConfiguration();
            CogEntry? entry = Find(name);
            if (entry is null)
            {
                CogPackage? package = CogDiscovery.Find(configuration.PluginsDirectory, name);
                return Report(package is null
                    ? new CogOutcome(name, CogOutcomeKind.Failed, TimeSpan.Zero, "no such cog")
                    : await LoadCoreAsync(package, cancellationToken));
            }

            return Report(await ReloadCoreAsync(entry, force, cancellationToken));
        }, cancellationToken);
    }

    public Task<IReadOnlyList<CogOutcome>> ReloadAllAsync(bool force = false, CancellationToken cancellationToken = default)
    {
        return ExclusiveAsync<IReadOnlyList<CogOutcome>>(async cancellationToken =>
        {
            EnsureConfiguration();
            var outcomes = new List<CogOutcome>();
            foreach (CogEntry entry in EntriesInLoadOrder().Where(e => e.Current is not null || e.State == CogState.Failed))
            {
                cancellationToken.ThrowIfCancellationRequested();
                outcomes.Add(Report(await ReloadCoreAsync(entry, force, cancellationToken)));
            }

            return outcomes;
        }, cancellationToken);
    }

    public Task<ConfigurationReloadResult> ReloadConfigurationAsync(CancellationToken cancellationToken = default)
    {
        return ExclusiveAsync<ConfigurationReloadResult>(async cancellationToken =>
        {
            PluginsConfiguration previous = EnsureConfiguration();
            PluginsConfiguration next;
            try
            {
                next = PluginsConfigurationParser.Load(_options.ConfigPath);
            }
            catch (PluginsConfigurationException e)
            {
                CogLog.ConfigurationRejected(_logger, e.Message);
                return new ConfigurationReloadResult(e.Message, []);
            }

            if (!string.Equals(next.PluginsDirectory, previous.PluginsDirectory, StringComparison.Ordinal)
                || !string.Equals(next.DataDirectory, previous.DataDirectory, StringComparison.Ordinal))
            {
                CogLog.DirectoriesChangeNeedsRestart(_logger);
                next = new PluginsConfiguration(next.SourcePath, previous.PluginsDirectory, previous.DataDirectory, next.Watch, next.LoadOrder, next.Cogs, next.Trust);
            }

            _configuration = next;
            var outcomes = new List<CogOutcome>();
            var revoked = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (CogEntry entry in EntriesInLoadOrder())
            {
                cancellationToken.ThrowIfCancellationRequested();
                CogInstance? current = entry.Current;
                if (current is not null && !next.IsEnabled(entry.Package.Name, entry.Name))
                {
                    outcomes.Add(Report(await UnloadCoreAsync(entry, CogState.Disabled, "disabled in plugins.json", cancellationToken)));
                }
                else if (current is not null && next.TrustProblem(entry.Package.Name, current.Fingerprint) is { } untrusted)
                {
                    outcomes.Add(Report(await UnloadCoreAsync(entry, CogState.Failed, $"no longer trusted: {untrusted}", cancellationToken)));
                    entry.LastError = $"no longer trusted: {untrusted}";
                    revoked.Add(entry.Package.Name);
                }
                else if (current is not null && SettingsText(next, entry.Name, entry.Package.Name) != current.SettingsText)
                {
                    outcomes.Add(Report(await ReloadCoreAsync(entry, force: true, cancellationToken)));
                }
            }

            foreach (CogPackage package in Ordered(Discover(next.PluginsDirectory), next))
            {
                CogEntry? entry = Find(package.Name);
                // New packages, and ones that were disabled or failed (the edit may have approved or fixed them).
                if (entry is { State: not (CogState.Disabled or CogState.Failed) } || revoked.Contains(package.Name) || !next.IsEnabled(package.Name, entry?.Name)) continue;
                outcomes.Add(Report(await LoadCoreAsync(package, cancellationToken)));
            }

            CogLog.ConfigurationApplied(_logger, next.SourcePath, outcomes.Count);
            ConfigurationApplied?.Invoke(next);
            return new ConfigurationReloadResult(null, outcomes);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<CogOutcome>> UnloadAllAsync(TimeSpan deadline, CancellationToken cancellationToken = default)
    {
        long start = _time.GetTimestamp();
        // Cancel whatever holds the gate (a load or reload can take a cog's whole start timeout) and refuse new work.
        await _shutdown.CancelAsync();
        // Instances still finishing their work may use the budget, less the grace they need to tell their users.
        TimeSpan drainBudget = DrainBudget(deadline);
        _drainCutoff.CancelAfter(drainBudget);
        // Past the deadline, or once the host's own shutdown budget is spent, we report instead of stopping (the
        // cogs are then stopped by DisposeAsync); shutdown must not fail with a cancellation.
        bool entered;
        try
        {
            entered = await _gate.WaitAsync(deadline, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            entered = false;
        }

        try
        {
            var outcomes = new List<CogOutcome>();
            foreach (CogEntry entry in EntriesInLoadOrder().Where(e => e.Current is not null).OrderByDescending(e => e.Sequence))
            {
                TimeSpan left = deadline - _time.GetElapsedTime(start);
                if (!entered || left <= TimeSpan.Zero || cancellationToken.IsCancellationRequested)
                {
                    outcomes.Add(Report(new CogOutcome(entry.Name, CogOutcomeKind.Failed, TimeSpan.Zero, "the shutdown deadline passed before it was stopped", entry.Current?.Version)));
                    continue;
                }

                outcomes.Add(Report(await UnloadCoreAsync(entry, CogState.Unloaded, null, CancellationToken.None, DrainBudget(left), shutdown: true)));
            }

            await WaitForRetiredAsync(deadline - _time.GetElapsedTime(start));
            return outcomes;
        }
        finally
        {
            if (entered) _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        bool running;
        lock (_sync) running = _entries.Values.Any(e => e.Current is not null);
        if (running) await UnloadAllAsync(_options.ShutdownTimeout);
        _instances.DeleteShadowRoot();
        _gate.Dispose();
        _shutdown.Dispose();
        _drainCutoff.Dispose();
    }

    /// <summary>
    /// Runs one public operation alone (under the gate), with a token that also fires when shutdown begins, so
    /// <see cref="UnloadAllAsync"/> never waits behind a load or reload that takes a cog's whole start timeout.
    /// </summary>
    private async Task<T> ExclusiveAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
        await _gate.WaitAsync(linked.Token);
        try
        {
            return await operation(linked.Token);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A failed outcome when <paramref name="name"/> (from <c>!load</c> and friends) is not a valid cog name.</summary>
    private CogOutcome? InvalidName(string name) =>
        CogNames.Problem(name) is { } problem ? Report(new CogOutcome(CogNames.Show(name), CogOutcomeKind.Failed, TimeSpan.Zero, problem)) : null;

    /// <summary>The packages in run/plugins/; files and folders whose names are not valid cog names are logged and skipped.</summary>
    private IReadOnlyList<CogPackage> Discover(string pluginsDirectory)
    {
        var rejected = new List<string>();
        IReadOnlyList<CogPackage> packages = CogDiscovery.Discover(pluginsDirectory, rejected);
        foreach (string problem in rejected) CogLog.PackageNameRejected(_logger, problem);
        return packages;
    }

    private PluginsConfiguration EnsureConfiguration()
    {
        if (_configuration is not null) return _configuration;
        PluginsConfiguration configuration = PluginsConfigurationParser.Load(_options.ConfigPath);
        if (configuration.SourcePath is null)
        {
            CogLog.ConfigurationDefaults(_logger, Path.GetFullPath(_options.ConfigPath), configuration.PluginsDirectory);
        }

        _configuration = configuration;
        return configuration;
    }

    private CogEntry? Find(string name)
    {
        lock (_sync)
        {
            if (_entries.TryGetValue(name, out CogEntry? entry)) return entry;
            return _entries.Values.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
        }
    }

    private CogEntry GetOrAddEntry(CogPackage package)
    {
        lock (_sync)
        {
            if (!_entries.TryGetValue(package.Name, out CogEntry? entry))
            {
                entry = new CogEntry(package);
                _entries.Add(package.Name, entry);
            }

            entry.Package = package;
            return entry;
        }
    }

    private List<CogEntry> EntriesInLoadOrder()
    {
        PluginsConfiguration? configuration = _configuration;
        lock (_sync)
        {
            return [.. _entries.Values
                .OrderBy(e => configuration?.OrderOf(e.Package.Name, e.Name) ?? int.MaxValue)
                .ThenBy(e => e.Name, StringComparer.OrdinalIgnoreCase)];
        }
    }

    private IEnumerable<CogPackage> Ordered(IReadOnlyList<CogPackage> packages, PluginsConfiguration configuration) =>
        packages.OrderBy(p => configuration.OrderOf(p.Name, Find(p.Name)?.Name)).ThenBy(p => p.Name, StringComparer.OrdinalIgnoreCase);

    private static string SettingsText(PluginsConfiguration configuration, string cogName, string packageName) =>
        configuration.SettingsFor(cogName, packageName).GetRawText();

    private CogOutcome Report(CogOutcome outcome)
    {
        _operations?.Record(outcome.Elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("cog", outcome.Cog), new KeyValuePair<string, object?>("outcome", outcome.Kind.ToString()));
        switch (outcome.Kind)
        {
            case CogOutcomeKind.Failed:
                CogLog.OutcomeFailed(_logger, outcome);
                break;
            case CogOutcomeKind.Leaked:
                CogLog.OutcomeLeaked(_logger, outcome);
                break;
            default:
                CogLog.Outcome(_logger, outcome);
                break;
        }

        return outcome;
    }

    /// <summary>Loads, starts and activates a package that is not running.</summary>
    private async Task<CogOutcome> LoadCoreAsync(CogPackage package, CancellationToken cancellationToken)
    {
        long start = _time.GetTimestamp();
        PluginsConfiguration configuration = Configuration;
        CogEntry entry = GetOrAddEntry(package);
        if (entry.Current is { } running)
        {
            return new CogOutcome(entry.Name, CogOutcomeKind.Unchanged, _time.GetElapsedTime(start), "already running", running.Version);
        }

        if (!configuration.IsEnabled(package.Name, entry.Name))
        {
            entry.State = CogState.Disabled;
            return new CogOutcome(entry.Name, CogOutcomeKind.Disabled, _time.GetElapsedTime(start), "disabled in plugins.json");
        }

        CogShadowCopy copy;
        try
        {
            copy = _instances.ShadowCopy(package);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CogLoadException)
        {
            entry.State = CogState.Failed;
            entry.LastError = e is CogLoadException ? e.Message : $"cannot copy its files: {e.Message}";
            entry.FailedBuild = null;
            return new CogOutcome(entry.Name, CogOutcomeKind.Failed, _time.GetElapsedTime(start), entry.LastError);
        }

        CogStartResult result = await _instances.StartAsync(package, copy, configuration, cancellationToken);
        if (result.Name is { } name) entry.Name = name;
        if (result.Instance is not { } instance)
        {
            entry.State = result.Kind == CogOutcomeKind.Disabled ? CogState.Disabled : CogState.Failed;
            entry.LastError = result.Kind == CogOutcomeKind.Disabled ? null : result.Error;
            entry.FailedBuild = result.Manifest;
            return new CogOutcome(entry.Name, result.Kind, _time.GetElapsedTime(start), result.Error);
        }

        entry.Current = instance;
        entry.State = CogState.Running;
        entry.LastError = null;
        if (entry.Sequence == 0) entry.Sequence = Interlocked.Increment(ref _sequence);
        CogLog.Build(_logger, entry.Name, instance.Version, instance.Fingerprint);
        return new CogOutcome(entry.Name, CogOutcomeKind.Loaded, _time.GetElapsedTime(start), null, instance.Version);
    }

    /// <summary>
    /// Atomic reload: the new build is loaded, started and activated before the old one is touched. Until the new
    /// one's scope is activated the old one keeps receiving every message and command.
    /// </summary>
    private async Task<CogOutcome> ReloadCoreAsync(CogEntry entry, bool force, CancellationToken cancellationToken)
    {
        long start = _time.GetTimestamp();
        PluginsConfiguration configuration = Configuration;
        CogInstance? old = entry.Current;
        if (old is null)
        {
            CogPackage? fresh = CogDiscovery.Find(configuration.PluginsDirectory, entry.Package.Name);
            return fresh is null
                ? new CogOutcome(entry.Name, CogOutcomeKind.Failed, _time.GetElapsedTime(start), $"its files are gone from {configuration.PluginsDirectory}")
                : await LoadCoreAsync(fresh, cancellationToken);
        }

        CogPackage? package = CogDiscovery.Find(configuration.PluginsDirectory, entry.Package.Name);
        if (package is null)
        {
            entry.LastError = $"reload failed: its files are gone from {configuration.PluginsDirectory}";
            return new CogOutcome(entry.Name, CogOutcomeKind.Failed, _time.GetElapsedTime(start),
                $"its files are gone from {configuration.PluginsDirectory}; {old.Version} keeps running", old.Version);
        }

        if (!configuration.IsEnabled(package.Name, entry.Name))
        {
            CogOutcome unloaded = await UnloadCoreAsync(entry, CogState.Disabled, "disabled in plugins.json", cancellationToken);
            return unloaded with { Elapsed = _time.GetElapsedTime(start) };
        }

        CogShadowCopy copy;
        try
        {
            copy = _instances.ShadowCopy(package);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CogLoadException)
        {
            string why = e is CogLoadException ? e.Message : $"cannot copy its files ({e.Message})";
            entry.LastError = $"reload failed: {why}";
            return new CogOutcome(entry.Name, CogOutcomeKind.Failed, _time.GetElapsedTime(start), $"{why}; {old.Version} keeps running", old.Version);
        }

        if (!force && copy.Fingerprint == old.Fingerprint && SettingsText(configuration, entry.Name, package.Name) == old.SettingsText)
        {
            CogInstanceLifecycle.Discard(copy);
            return new CogOutcome(entry.Name, CogOutcomeKind.Unchanged, _time.GetElapsedTime(start), "same files and settings", old.Version);
        }

        CogStartResult result = await _instances.StartAsync(package, copy, configuration, cancellationToken);
        if (result.Instance is not { } instance)
        {
            entry.LastError = $"reload failed: {result.Error}";
            return new CogOutcome(entry.Name, CogOutcomeKind.Failed, _time.GetElapsedTime(start), $"{result.Error}; {old.Version} keeps running", old.Version);
        }

        CogLog.Build(_logger, instance.CogName, instance.Version, instance.Fingerprint);
        // The new instance is live (its Activate replaced the old one's handlers); now retire the old one.
        entry.Current = instance;
        entry.Package = package;
        entry.Name = instance.CogName;
        entry.State = CogState.Running;
        entry.LastError = null;
        (CogTeardownResult? retired, string? stuckJobs) = await RetireAsync(entry, old);
        TimeSpan elapsed = _time.GetElapsedTime(start);
        if (retired is not { } retiredResult)
        {
            return new CogOutcome(entry.Name, CogOutcomeKind.Reloaded, elapsed, $"the previous instance {StillStopping(old.Version, stuckJobs)}", instance.Version);
        }

        if (retiredResult.Collected)
        {
            if (retiredResult.Problems is not null) CogLog.TeardownProblem(_logger, entry.Name, retiredResult.Problems);
            return new CogOutcome(entry.Name, CogOutcomeKind.Reloaded, elapsed, null, instance.Version);
        }

        return new CogOutcome(entry.Name, CogOutcomeKind.Leaked, elapsed,
            $"now running {instance.Version}, but the previous instance {old.Version} was not collected{Suffix(retiredResult.Problems)}", instance.Version);
    }

    /// <summary>
    /// Takes the entry's instance out of service and stops it. At shutdown the stop is awaited within
    /// <paramref name="stopBudget"/>; otherwise it is awaited for <see cref="CogSupervisorOptions.StopTimeout"/> and,
    /// when the cog is still finishing its work, goes on in the background.
    /// </summary>
    private async Task<CogOutcome> UnloadCoreAsync(
        CogEntry entry, CogState finalState, string? note, CancellationToken cancellationToken, TimeSpan? stopBudget = null, bool shutdown = false)
    {
        cancellationToken.ThrowIfCancellationRequested();
        long start = _time.GetTimestamp();
        CogInstance? instance = entry.Current;
        if (instance is null)
        {
            if (finalState == CogState.Disabled) entry.State = CogState.Disabled;
            if (finalState == CogState.Unloaded && entry.State == CogState.Failed)
            {
                // Nothing runs, but the failure would keep /readyz at 503 until a restart: unloading clears it.
                entry.State = CogState.Unloaded;
                entry.LastError = null;
                return new CogOutcome(entry.Name, CogOutcomeKind.Unloaded, _time.GetElapsedTime(start), "it had failed to load; nothing was running");
            }

            return new CogOutcome(entry.Name, CogOutcomeKind.Unchanged, _time.GetElapsedTime(start), "not running");
        }

        entry.Current = null;
        entry.State = finalState;
        string version = instance.Version;
        (CogTeardownResult? stopped, string? stuckJobs) = shutdown
            ? (await _instances.TearDownAsync(instance, verify: false, stopBudget, _drainCutoff.Token), null)
            : await RetireAsync(entry, instance);
        TimeSpan elapsed = _time.GetElapsedTime(start);
        if (stopped is not { } result)
        {
            string stillStopping = StillStopping(version, stuckJobs);
            entry.LastError = null;
            return new CogOutcome(entry.Name, CogOutcomeKind.Unloaded, elapsed, note is null ? stillStopping : $"{note}; {stillStopping}");
        }

        if (!result.Collected)
        {
            entry.State = CogState.Leaked;
            entry.LastError = $"{version} was not collected after unload{Suffix(result.Problems)}";
            return new CogOutcome(entry.Name, CogOutcomeKind.Leaked, elapsed, $"{version} was not collected after unload{Suffix(result.Problems)}");
        }

        entry.LastError = result.Problems;
        string? detail = note is null ? result.Problems : result.Problems is null ? note : $"{note}; {result.Problems}";
        return new CogOutcome(entry.Name, CogOutcomeKind.Unloaded, elapsed, detail);
    }

    /// <summary>
    /// Stops and unloads an instance taken out of service, waiting <see cref="CogSupervisorOptions.StopTimeout"/> for
    /// it. Returns the result, or null when it is still finishing its work: then it goes on in the background within
    /// <see cref="CogSupervisorOptions.DrainTimeout"/> (cut short by shutdown) and its end is logged; with it, the
    /// scheduled jobs whose run ignores its cancellation (the reason it cannot finish), when there are any.
    /// </summary>
    private async Task<(CogTeardownResult? Result, string? StuckJobs)> RetireAsync(CogEntry entry, CogInstance previous)
    {
        long start = _time.GetTimestamp();
        // After TearDownAsync the instance holds only weak references to the cog, so keeping it here pins nothing.
        Task<CogTeardownResult> teardown = _instances.TearDownAsync(previous, verify: true, _options.DrainTimeout, _drainCutoff.Token);
        try
        {
            return (await teardown.WaitAsync(_options.StopTimeout, _time), null);
        }
        catch (TimeoutException)
        {
            lock (_sync)
            {
                _retiring.Add(teardown);
                entry.Retiring++;
            }

            _ = FinishRetirementAsync(entry, previous.Version, teardown, start);
        }

        // A job run that ignores its cancellation is given up StopGrace after the stop: by default the very moment the
        // wait above ends, so that wait ended first and the reply said "still finishing its work" while the Error naming
        // the job came a second later. Wait for the give-up too (at most the grace more), so the reply names the job.
        // Not deactivated yet (an Unloading callback blocks): no job was stopped, nothing to wait for.
        if (previous.StuckJobRuns is not { } stuckJobs)
        {
            return (null, null);
        }

        try
        {
            return (null, await stuckJobs.WaitAsync(CogInstanceLifecycle.StopGrace, _time));
        }
        catch (TimeoutException)
        {
            return (null, null);
        }
    }

    private async Task FinishRetirementAsync(CogEntry entry, string version, Task<CogTeardownResult> teardown, long start)
    {
        CogTeardownResult result;
        try
        {
            result = await teardown;
        }
        catch (Exception e)
        {
            result = new CogTeardownResult(false, $"stopping it threw {CogLoader.Describe(e)}");
        }

        TimeSpan elapsed = _time.GetElapsedTime(start);
        string? problem = !result.Collected
            ? $"the retired instance {version} was not collected{Suffix(result.Problems)}"
            : result.Problems is null ? null : $"the retired instance {version}: {result.Problems}";

        // The log line first, then the state: whoever sees the state change (!cogs, a test) finds the line too.
        if (!result.Collected)
        {
            Report(new CogOutcome(entry.Name, CogOutcomeKind.Leaked, elapsed, problem));
        }
        else
        {
            CogLog.Retired(_logger, entry.Name, version, (long)elapsed.TotalMilliseconds, result.Problems ?? "cleanly");
        }

        lock (_sync)
        {
            entry.Retiring--;
            _retiring.Remove(teardown);
            if (problem is not null) entry.LastError = problem;
            if (!result.Collected && entry.Current is null) entry.State = CogState.Leaked;
        }
    }

    /// <summary>At shutdown: waits for retired instances still finishing their work (their drain is cut off in time).</summary>
    private async Task WaitForRetiredAsync(TimeSpan left)
    {
        Task[] retiring;
        lock (_sync) retiring = [.. _retiring];
        if (retiring.Length == 0) return;
        try
        {
            await Task.WhenAll(retiring).WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, _time);
        }
        catch (TimeoutException)
        {
            CogLog.RetiredStillStopping(_logger, retiring.Count(t => !t.IsCompleted));
        }
    }

    /// <summary>What a stop may take of <paramref name="budget"/>: all of it but the grace a cog gets after its token is cancelled.</summary>
    private static TimeSpan DrainBudget(TimeSpan budget)
    {
        TimeSpan drain = budget - CogInstanceLifecycle.StopGrace;
        return drain > budget / 2 ? drain : budget / 2;
    }

    private string StillStopping(string version, string? stuckJobs) => stuckJobs is null
        ? $"{version} is still finishing its work and stops in the background (at most {_options.DrainTimeout.TotalSeconds:0.###} s)"
        : $"{version} cannot finish stopping: {stuckJobs}; its code stays loaded while that runs";

    private static string Suffix(string? problems) => problems is null ? "" : $" ({problems})";

    /// <summary>Everything the supervisor knows about one package, across its reloads.</summary>
    private sealed class CogEntry(CogPackage package)
    {
        public CogPackage Package { get; set; } = package;

        /// <summary>The cog's own name once it was loaded, the package name before.</summary>
        public string Name { get; set; } = package.Name;

        public CogInstance? Current { get; set; }

        public CogState State { get; set; } = CogState.Unloaded;

        public string? LastError { get; set; }

        /// <summary>What the build that last failed to load or start says about itself, when its image could be read.</summary>
        public CogManifest? FailedBuild { get; set; }

        /// <summary>When it was first loaded, relative to the others (0 = never); shutdown stops in reverse.</summary>
        public long Sequence { get; set; }

        /// <summary>Retired instances of it still finishing their work in the background.</summary>
        public int Retiring { get; set; }

        public CogStatus ToStatus()
        {
            CogInstance? current = Current;
            ICogContextScope? scope = current?.Scope;
            // A failed cog shows the version and manifest of the build that failed: which build it was is the first
            // thing an owner asks.
            CogManifest? manifest = current?.Manifest ?? (State == CogState.Failed ? FailedBuild : null);
            return new CogStatus(
                Name,
                Package.Name,
                State,
                current?.Version ?? manifest?.Version,
                current?.LoadedAt,
                LastError,
                scope?.HandlerErrorCount ?? 0,
                scope?.LastHandlerError,
                Retiring,
                manifest,
                scope?.ScheduledJobs,
                scope?.HttpRoutes is { Count: > 0 } routes ? routes : null);
        }
    }
}
