using System.Diagnostics.Metrics;

namespace AndyAI.Host.Cogs.Http;

/// <summary>
/// Every cog's HTTP route requests in this process, by cog, exported in meter <c>AndyAI.Cogs</c>:
/// <c>andyai.cogs.http.requests</c> by <c>outcome</c> (<see cref="CogHttpOutcome"/>) and the
/// <c>andyai.cogs.http.request_duration</c> histogram (the handler's call to its answer), both tagged <c>cog</c> only:
/// a path is unbounded, cog names are few. The counter's series live as the handler errors' do (a
/// <see cref="CogHeldTable{TEntry}"/>): from the moment the cog maps its first route, at 0 for every outcome, kept
/// across a reload, gone at the next scrape once the cog is unloaded. One per host; without a meter factory it only counts.
/// </summary>
internal sealed class CogHttpRequestTable
{
    /// <summary>The meter of the instruments (the host's cog meter).</summary>
    public const string MeterName = "AndyAI.Cogs";

    /// <summary>Every outcome, in the enum's order.</summary>
    internal static readonly CogHttpOutcome[] Outcomes = Enum.GetValues<CogHttpOutcome>();

    // The tag's text of each outcome (ClientError → client_error), made once from the enum, so the two cannot drift.
    private static readonly KeyValuePair<string, object?>[] OutcomeTags =
        [.. Outcomes.Select(o => new KeyValuePair<string, object?>("outcome", OutcomeTag(o)))];

    private readonly CogHeldTable<CogHttpTally> _tallies = new();
    private readonly Histogram<double>? _duration;

    public CogHttpRequestTable(IMeterFactory? meters = null)
    {
        if (meters is null)
        {
            return;
        }

        Meter meter = meters.Create(MeterName);
        // Observable: read from the tallies at collection, so an unloaded cog's series stop with it; every outcome is
        // exported at 0 from the start, so an alert on increase() sees zero, not "no data".
        meter.CreateObservableCounter("andyai.cogs.http.requests", Observe,
            description: "Requests to a cog's HTTP routes, by cog and outcome (ok, client_error, server_error, failed, timeout, unauthorized, rate_limited, too_large, unavailable)");
        _duration = meter.CreateHistogram<double>("andyai.cogs.http.request_duration", "s", "Cog HTTP route handlers, from the handler's call to its answer, by cog");
    }

    /// <summary><c>client_error</c> for <see cref="CogHttpOutcome.ClientError"/>: the enum's name in snake case.</summary>
    public static string OutcomeTag(CogHttpOutcome outcome)
    {
        string name = outcome.ToString();
        var text = new System.Text.StringBuilder(name.Length + 4);
        foreach (char c in name)
        {
            if (char.IsUpper(c) && text.Length > 0) text.Append('_');
            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }

    /// <summary>The cog's tally, made on first use; hold it until <see cref="Release"/>.</summary>
    public CogHttpTally Acquire(string cogName) => _tallies.Acquire(cogName, static name => new CogHttpTally(name));

    /// <summary>Gives up one hold; the last one removes the cog's entry (and its counter's series).</summary>
    public void Release(CogHttpTally tally) => _tallies.Release(tally);

    /// <summary>How many cogs have an entry now (tests).</summary>
    internal int Count => _tallies.Count;

    /// <summary>Records how long a handler took to answer.</summary>
    public void RecordDuration(CogHttpTally tally, TimeSpan duration) => _duration?.Record(duration.TotalSeconds, tally.Tags[0]);

    private IEnumerable<Measurement<long>> Observe()
    {
        CogHttpTally[] tallies = _tallies.Snapshot();
        var measurements = new List<Measurement<long>>(tallies.Length * Outcomes.Length);
        foreach (CogHttpTally tally in tallies)
        {
            foreach (CogHttpOutcome outcome in Outcomes)
            {
                measurements.Add(new Measurement<long>(tally[outcome], tally.Tags[0], OutcomeTags[(int)outcome]));
            }
        }

        return measurements;
    }
}
