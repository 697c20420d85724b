using AndyAI.Abstractions.Http;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Cogs.Http;

/// <summary>
/// The <see cref="IHttpRouteRegistry"/> of one cog instance: its routes, checked when mapped (the method, the template,
/// the options, the same method and path shape twice), staged, published to the host's <see cref="CogHttpRouteTable"/>
/// in one write at activation (replacing the previous instance's) and withdrawn at deactivation unless a newer
/// instance replaced them. From its first route on it holds the cog's request tally (<see cref="CogHttpRequestTable"/>)
/// until <see cref="ReleaseMetrics"/>, at the instance's disposal.
/// </summary>
internal sealed class CogHttpRegistry : IHttpRouteRegistry, IRegistrationTarget<CogHttpRoute>
{
    private static readonly CogHttpRouteOptions DefaultOptions = new();

    private readonly CogHttpRouteTable _table;
    private readonly Action<Exception> _onHandlerError;
    private readonly ILogger _logger;
    private readonly CancellationToken _unloading;
    private readonly TimeProvider _time;
    private readonly CogHttpRequestTable _requests;
    private readonly Lock _tallyGate = new();
    private CogHttpTally? _tally; // held from the first Map until ReleaseMetrics
    private bool _released;

    /// <param name="table">The host's table.</param>
    /// <param name="owner">The cog's name.</param>
    /// <param name="onHandlerError">Counts a handler's exception as the cog's (the route logs it).</param>
    /// <param name="logger">The cog's logger.</param>
    /// <param name="time">The clock of the handlers' timeouts.</param>
    /// <param name="unloading">The cog instance's unloading token, passed on to its handlers.</param>
    /// <param name="requests">The host's route requests by cog (metrics); null: one of its own.</param>
    public CogHttpRegistry(CogHttpRouteTable table, string owner, Action<Exception> onHandlerError, ILogger logger, TimeProvider time, CancellationToken unloading,
        CogHttpRequestTable? requests = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentNullException.ThrowIfNull(onHandlerError);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        _table = table;
        Owner = owner;
        _onHandlerError = onHandlerError;
        _logger = logger;
        _unloading = unloading;
        _time = time;
        _requests = requests ?? new CogHttpRequestTable();
        Registrations = new StagedRegistrations<CogHttpRoute>("HTTP routes", this);
    }

    public string Owner { get; }

    /// <summary>What this instance mapped (staged or live); the scope activates and deactivates it.</summary>
    public StagedRegistrations<CogHttpRoute> Registrations { get; }

    public string PathPrefix => PrefixOf(Owner);

    public bool IsServed => _table.IsServed;

    /// <summary>The path prefix of <paramref name="cog"/>'s routes: <c>/cogs/&lt;cog&gt;/</c>.</summary>
    public static string PrefixOf(string cog) => "/cogs/" + Uri.EscapeDataString(cog) + "/";

    public void Map(string method, string template, Func<CogHttpRequest, CancellationToken, ValueTask<CogHttpResponse>> handler, CogHttpRouteOptions? options = null)
    {
        string verb = CogHttpRules.NormalizeMethod(method);
        CogRouteTemplate parsed = CogRouteTemplate.Parse(template);
        ArgumentNullException.ThrowIfNull(handler);
        options ??= DefaultOptions;
        CogHttpRules.Validate(options);
        if (Registrations.Items.FirstOrDefault(r => r.Method == verb && r.Template.Shape == parsed.Shape) is { } taken)
        {
            throw new ArgumentException(CogHttpRules.Duplicate(Owner, verb, parsed.Text, taken.Template.Text), nameof(template));
        }

        Registrations.Add(new CogHttpRoute(Owner, verb, parsed, options, handler, _onHandlerError, _logger, _time, _requests, HoldTally(), _unloading));
    }

    /// <summary>Gives up this instance's hold on the cog's request tally: once no instance holds it, its series go.</summary>
    public void ReleaseMetrics()
    {
        CogHttpTally? tally;
        lock (_tallyGate)
        {
            _released = true;
            tally = _tally;
            _tally = null;
        }

        if (tally is not null)
        {
            _requests.Release(tally);
        }
    }

    // The cog's series appear with its first route (a cog without routes has none), at 0 for every outcome.
    private CogHttpTally HoldTally()
    {
        lock (_tallyGate)
        {
            // Mapped after the disposal (a cog still running code): counted on a tally of its own, exported by nobody.
            return _released ? new CogHttpTally(Owner) : _tally ??= _requests.Acquire(Owner);
        }
    }

    void IRegistrationTarget<CogHttpRoute>.EnsureCanPublish(IReadOnlyList<CogHttpRoute> items)
    {
        // Routes live under the cog's own prefix: nothing another owner holds can clash with them.
    }

    void IRegistrationTarget<CogHttpRoute>.Publish(IReadOnlyList<CogHttpRoute> items)
    {
        _table.ReplaceOwner(Owner, items);
        if (items.Count > 0 && !_table.IsServed && _table.ClaimNotServedNotice())
        {
            CogLog.HttpRoutesNotServed(_logger, Owner, items.Count);
        }
    }

    void IRegistrationTarget<CogHttpRoute>.Add(CogHttpRoute item) => _table.Add(item);

    int IRegistrationTarget<CogHttpRoute>.Withdraw(IReadOnlyList<CogHttpRoute> items)
    {
        // The failures counted since the last line are written now: at shutdown no window's timer fires any more.
        foreach (CogHttpRoute route in items) route.FlushFailureLog();
        return _table.Remove(items);
    }
}
