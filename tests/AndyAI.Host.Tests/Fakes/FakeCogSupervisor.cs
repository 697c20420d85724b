using AndyAI.Host.Cogs.Configuration;
using AndyAI.Host.Cogs.Supervision;

namespace AndyAI.Host.Tests.Fakes;

/// <summary>Returns scripted outcomes and records what the admin commands asked for.</summary>
internal sealed class FakeCogSupervisor : ICogSupervisor
{
    public List<string> Calls { get; } = [];

    public Dictionary<string, CogOutcome> Outcomes { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<CogStatus> Statuses { get; } = [];

    public PluginsConfiguration Configuration { get; set; } = PluginsConfiguration.CreateDefault("/srv/bot");

    public event Action<PluginsConfiguration>? ConfigurationApplied { add { } remove { } }

    public IReadOnlyList<CogStatus> List() => Statuses;

    public Task<IReadOnlyList<CogOutcome>> LoadAllAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<CogOutcome> LoadAsync(string name, CancellationToken cancellationToken = default)
    {
        Calls.Add($"load {name}");
        return Task.FromResult(OutcomeFor(name));
    }

    public Task<CogOutcome> UnloadAsync(string name, CancellationToken cancellationToken = default)
    {
        Calls.Add($"unload {name}");
        return Task.FromResult(OutcomeFor(name));
    }

    public Task<CogOutcome> ReloadAsync(string name, bool force = false, CancellationToken cancellationToken = default)
    {
        Calls.Add($"reload {name}");
        return Task.FromResult(OutcomeFor(name));
    }

    public Task<IReadOnlyList<CogOutcome>> ReloadAllAsync(bool force = false, CancellationToken cancellationToken = default)
    {
        Calls.Add("reload all");
        return Task.FromResult<IReadOnlyList<CogOutcome>>([.. Outcomes.Values]);
    }

    public Task<ConfigurationReloadResult> ReloadConfigurationAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<CogOutcome>> UnloadAllAsync(TimeSpan deadline, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    private CogOutcome OutcomeFor(string name) =>
        Outcomes.TryGetValue(name, out CogOutcome? outcome) ? outcome : new CogOutcome(name, CogOutcomeKind.Failed, TimeSpan.Zero, "no such cog");
}
