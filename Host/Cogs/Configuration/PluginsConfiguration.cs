using System.Text.Json;

namespace AndyAI.Host.Cogs.Configuration;

/// <summary>A parsed, validated plugins.json with every path made absolute. Immutable.</summary>
internal sealed class PluginsConfiguration
{
    private static readonly JsonElement EmptySettings = JsonDocument.Parse("{}").RootElement.Clone();

    private readonly Dictionary<string, CogConfiguration> _cogs;
    private readonly Dictionary<string, int> _order;

    public PluginsConfiguration(
        string? sourcePath,
        string pluginsDirectory,
        string dataDirectory,
        bool watch,
        IReadOnlyList<string> loadOrder,
        IReadOnlyDictionary<string, CogConfiguration> cogs,
        CogTrust trust = CogTrust.Any)
    {
        Trust = trust;
        SourcePath = sourcePath;
        PluginsDirectory = pluginsDirectory;
        DataDirectory = dataDirectory;
        Watch = watch;
        LoadOrder = loadOrder;
        _cogs = new Dictionary<string, CogConfiguration>(cogs, StringComparer.OrdinalIgnoreCase);
        _order = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < loadOrder.Count; i++) _order.TryAdd(loadOrder[i], i);
    }

    /// <summary>The file it came from, or null for the built-in defaults.</summary>
    public string? SourcePath { get; }

    /// <summary>Absolute path of the folder cogs are discovered in.</summary>
    public string PluginsDirectory { get; }

    /// <summary>Absolute path of the folder holding one data folder per cog.</summary>
    public string DataDirectory { get; }

    /// <summary>Whether the drop-in watcher runs (it also applies edits of plugins.json).</summary>
    public bool Watch { get; }

    /// <summary>Cogs loaded first, in this order; the others follow by name.</summary>
    public IReadOnlyList<string> LoadOrder { get; }

    /// <summary>Which packages may load (plugins.json <c>trust</c>).</summary>
    public CogTrust Trust { get; }

    /// <summary>The configured cogs, by name.</summary>
    public IReadOnlyDictionary<string, CogConfiguration> Cogs => _cogs;

    /// <summary>Defaults when there is no plugins.json: <c>run/plugins/</c> and <c>run/data/</c> under <paramref name="baseDirectory"/>.</summary>
    public static PluginsConfiguration CreateDefault(string baseDirectory) => new(
        null,
        Path.GetFullPath(Path.Combine(baseDirectory, PluginsConfigurationParser.DefaultPluginsDirectory)),
        Path.GetFullPath(Path.Combine(baseDirectory, PluginsConfigurationParser.DefaultDataDirectory)),
        watch: true,
        [],
        new Dictionary<string, CogConfiguration>());

    /// <summary>Whether none of the given names (package name, cog name) is disabled. Unlisted cogs are enabled.</summary>
    public bool IsEnabled(string packageName, string? cogName = null) =>
        (!_cogs.TryGetValue(packageName, out var byPackage) || byPackage.Enabled)
        && (cogName is null || !_cogs.TryGetValue(cogName, out var byName) || byName.Enabled);

    /// <summary>The settings object for a cog, looked up by its name, then by its package name; an empty object when none.</summary>
    public JsonElement SettingsFor(string cogName, string packageName) =>
        _cogs.TryGetValue(cogName, out var c) && c.Settings is { } s ? s
        : _cogs.TryGetValue(packageName, out var p) && p.Settings is { } ps ? ps
        : EmptySettings;

    /// <summary>
    /// Why the trust policy refuses the package with this content hash, or null when it may load. Under
    /// <see cref="CogTrust.Listed"/> the hash must be listed for the package (by its folder or DLL name).
    /// </summary>
    public string? TrustProblem(string packageName, string sha256)
    {
        if (Trust == CogTrust.Any) return null;
        if (_cogs.TryGetValue(packageName, out CogConfiguration? entry) && entry.Sha256.Contains(sha256, StringComparer.OrdinalIgnoreCase)) return null;
        return entry is null || entry.Sha256.Count == 0
            ? $"refused by the trust policy (\"trust\": \"listed\"): no SHA-256 is listed for {packageName}; this build is {sha256}. To approve it, add \"sha256\": \"{sha256}\" to cogs.{packageName} in plugins.json"
            : $"refused by the trust policy (\"trust\": \"listed\"): this build of {packageName} is {sha256}, which is not among the {entry.Sha256.Count} listed for it (a changed package). To approve it, add it to cogs.{packageName}.sha256 in plugins.json";
    }

    /// <summary>Sort key: position in loadOrder (by either name), else after all listed cogs.</summary>
    public int OrderOf(string packageName, string? cogName = null)
    {
        int order = int.MaxValue;
        if (_order.TryGetValue(packageName, out int byPackage)) order = byPackage;
        if (cogName is not null && _order.TryGetValue(cogName, out int byName)) order = Math.Min(order, byName);
        return order;
    }
}
