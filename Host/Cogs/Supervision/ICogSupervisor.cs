using AndyAI.Host.Cogs.Configuration;

namespace AndyAI.Host.Cogs.Supervision;

/// <summary>
/// Loads, reloads and unloads cogs and reports their state. The admin commands and the drop-in watcher call it;
/// operations run one at a time. Every operation returns an outcome per cog and never throws for a cog's fault.
/// Names are matched case-insensitively against the cog's name and its plugin file/folder name.
/// </summary>
internal interface ICogSupervisor
{
    /// <summary>The plugins.json currently in force (the last valid one).</summary>
    PluginsConfiguration Configuration { get; }

    /// <summary>Raised after plugins.json was re-read and applied (the drop-in watcher follows its <c>watch</c> switch).</summary>
    event Action<PluginsConfiguration>? ConfigurationApplied;

    /// <summary>Every known cog with its state, in load order.</summary>
    IReadOnlyList<CogStatus> List();

    /// <summary>Reads plugins.json, discovers run/plugins/ and loads every enabled cog that is not running, in load order.</summary>
    /// <exception cref="PluginsConfigurationException">plugins.json is invalid (only on the first call; later the last good one is kept).</exception>
    Task<IReadOnlyList<CogOutcome>> LoadAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Loads one cog from run/plugins/ (folder or loose DLL). Unchanged when it already runs.</summary>
    Task<CogOutcome> LoadAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Stops and unloads one cog, then verifies its load context was collected.</summary>
    Task<CogOutcome> UnloadAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Atomic reload: loads and starts the current build from run/plugins/ in a new context, switches traffic to it, then
    /// unloads the old one. When the new build fails, the old one keeps running and the outcome says why.
    /// Unchanged when the files and settings are identical, unless <paramref name="force"/>.
    /// </summary>
    Task<CogOutcome> ReloadAsync(string name, bool force = false, CancellationToken cancellationToken = default);

    /// <summary>Reloads every running or failed cog, in load order.</summary>
    Task<IReadOnlyList<CogOutcome>> ReloadAllAsync(bool force = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// Re-reads plugins.json and applies it: newly enabled cogs load, disabled ones unload, cogs whose settings
    /// changed reload. An invalid file changes nothing: the last good configuration stays and the error is returned.
    /// </summary>
    Task<ConfigurationReloadResult> ReloadConfigurationAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Stops every cog in reverse load order within <paramref name="deadline"/> (shutdown). An operation still in
    /// flight is cancelled first and later ones are refused; when the deadline or <paramref name="cancellationToken"/>
    /// ends the wait, the cogs not stopped are reported as Failed instead of throwing.
    /// </summary>
    Task<IReadOnlyList<CogOutcome>> UnloadAllAsync(TimeSpan deadline, CancellationToken cancellationToken = default);
}
