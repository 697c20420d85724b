using System.Runtime.CompilerServices;
using System.Text.Json;

namespace AndyAI.Host.Plugins;

internal sealed partial class CogSupervisor
{
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

        string shadow = NextShadowDirectory(package);
        StartResult result = await StartInstanceAsync(package, shadow, fingerprint: null, cancellationToken);
        if (result.Name is { } name) entry.Name = name;
        if (result.Instance is not { } instance)
        {
            entry.State = result.Kind == CogOutcomeKind.Disabled ? CogState.Disabled : CogState.Failed;
            entry.LastError = result.Kind == CogOutcomeKind.Disabled ? null : result.Error;
            return new CogOutcome(entry.Name, result.Kind, _time.GetElapsedTime(start), result.Error);
        }

        entry.Current = instance;
        entry.State = CogState.Running;
        entry.LastError = null;
        if (entry.Sequence == 0) entry.Sequence = Interlocked.Increment(ref _sequence);
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

        string shadow = NextShadowDirectory(package);
        string fingerprint;
        try
        {
            fingerprint = CogLoader.ShadowCopy(package, shadow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDeleteDirectory(shadow);
            entry.LastError = $"reload failed: cannot copy its files: {e.Message}";
            return new CogOutcome(entry.Name, CogOutcomeKind.Failed, _time.GetElapsedTime(start), $"cannot copy its files ({e.Message}); {old.Version} keeps running", old.Version);
        }

        if (!force && fingerprint == old.Fingerprint && SettingsText(configuration, entry.Name, package.Name) == old.SettingsText)
        {
            TryDeleteDirectory(shadow);
            return new CogOutcome(entry.Name, CogOutcomeKind.Unchanged, _time.GetElapsedTime(start), "same files and settings", old.Version);
        }

        StartResult result = await StartInstanceAsync(package, shadow, fingerprint, cancellationToken);
        if (result.Instance is not { } instance)
        {
            entry.LastError = $"reload failed: {result.Error}";
            return new CogOutcome(entry.Name, CogOutcomeKind.Failed, _time.GetElapsedTime(start), $"{result.Error}; {old.Version} keeps running", old.Version);
        }

        // The new instance is live (its Activate replaced the old one's handlers); now retire the old one.
        entry.Current = instance;
        entry.Package = package;
        entry.Name = instance.CogName;
        entry.State = CogState.Running;
        entry.LastError = null;
        string? problem = await RetireAsync(entry, old);
        TimeSpan elapsed = _time.GetElapsedTime(start);
        return problem is null
            ? new CogOutcome(entry.Name, CogOutcomeKind.Reloaded, elapsed, null, instance.Version)
            : new CogOutcome(entry.Name, CogOutcomeKind.Leaked, elapsed, $"now running {instance.Version}, but the previous instance {problem}", instance.Version);
    }

    private async Task<CogOutcome> UnloadCoreAsync(
        CogEntry entry, CogState finalState, string? note, CancellationToken cancellationToken, TimeSpan? stopTimeout = null, bool verify = true)
    {
        cancellationToken.ThrowIfCancellationRequested();
        long start = _time.GetTimestamp();
        CogInstance? instance = entry.Current;
        if (instance is null)
        {
            if (finalState == CogState.Disabled) entry.State = CogState.Disabled;
            return new CogOutcome(entry.Name, CogOutcomeKind.Unchanged, _time.GetElapsedTime(start), "not running");
        }

        entry.Current = null;
        string version = instance.Version;
        TeardownResult result = await TearDownAsync(instance, verify, stopTimeout ?? _options.StopTimeout);
        TimeSpan elapsed = _time.GetElapsedTime(start);
        if (!result.Collected)
        {
            entry.State = CogState.Leaked;
            entry.LastError = $"{version} was not collected after unload{Suffix(result.Problems)}";
            return new CogOutcome(entry.Name, CogOutcomeKind.Leaked, elapsed, $"{version} was not collected after unload{Suffix(result.Problems)}");
        }

        entry.State = finalState;
        entry.LastError = result.Problems;
        string? detail = note is null ? result.Problems : result.Problems is null ? note : $"{note}; {result.Problems}";
        return new CogOutcome(entry.Name, CogOutcomeKind.Unloaded, elapsed, detail);
    }

    /// <summary>Tears down the instance a reload replaced. Returns null when it was collected, else what went wrong.</summary>
    private async Task<string?> RetireAsync(CogEntry entry, CogInstance previous)
    {
        // After TearDownAsync the instance holds only weak references to the cog, so keeping it here pins nothing.
        TeardownResult result = await TearDownAsync(previous, verify: true, _options.StopTimeout);
        if (result.Collected)
        {
            if (result.Problems is not null) CogLog.TeardownProblem(_logger, entry.Name, result.Problems);
            return null;
        }

        return $"{previous.Version} was not collected{Suffix(result.Problems)}";
    }

    private static string Suffix(string? problems) => problems is null ? "" : $" ({problems})";

    private string NextShadowDirectory(CogPackage package) =>
        Path.Combine(_shadowRoot, $"{package.Name}.{Interlocked.Increment(ref _copies)}");

    private readonly record struct StartResult(CogInstance? Instance, CogOutcomeKind Kind, string? Error, string? Name);

    private readonly record struct TeardownResult(bool Collected, string? Problems);
}
