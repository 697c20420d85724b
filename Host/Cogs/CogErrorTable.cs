using System.Diagnostics.Metrics;

namespace AndyAI.Host.Cogs;

/// <summary>
/// Every cog's handler errors in this process (message handlers, commands, interactions, scheduled jobs and HTTP
/// routes together), by cog name (case ignored, as cog names are), exported in meter <c>AndyAI.Cogs</c> as
/// <c>andyai.cogs.handler_errors</c> tagged <c>cog</c>. As with the scheduled jobs' <see cref="Jobs.CogJobTable"/> (one <see cref="CogHeldTable{TEntry}"/> each), a
/// cog's entry lives while one of its instances does (from its context's creation to its disposal): it is exported at
/// 0 from the moment the cog loads, a reload keeps the count (both instances hold the entry for a moment), and once
/// the cog is unloaded its series is no longer exported. Cog names are validated (<see cref="CogNames"/>) and few, so
/// the tag's cardinality is bounded. One per host; without a meter factory it only counts.
/// </summary>
internal sealed class CogErrorTable
{
    /// <summary>The meter of the counter (the host's cog meter).</summary>
    public const string MeterName = "AndyAI.Cogs";

    /// <summary>The instrument's name (<c>andyai_cogs_handler_errors_total</c> on /metrics, <c>cogs.handler_errors</c> in !stats).</summary>
    public const string InstrumentName = "andyai.cogs.handler_errors";

    private readonly CogHeldTable<CogErrorTally> _tallies = new();

    public CogErrorTable(IMeterFactory? meters = null)
    {
        // Observable: read from the tallies at collection, so an unloaded cog's series stops with it.
        meters?.Create(MeterName).CreateObservableCounter(InstrumentName, Observe,
            description: "Exceptions thrown by a cog's message handlers, commands, interactions, scheduled jobs and HTTP routes, by cog");
    }

    /// <summary>The cog's tally, made on first use; hold it until <see cref="Release"/>.</summary>
    public CogErrorTally Acquire(string cogName) => _tallies.Acquire(cogName, static name => new CogErrorTally(name));

    /// <summary>Gives up one hold; the last one removes the cog's entry (and its series).</summary>
    public void Release(CogErrorTally tally) => _tallies.Release(tally);

    /// <summary>How many cogs have an entry now (tests).</summary>
    internal int Count => _tallies.Count;

    private IEnumerable<Measurement<long>> Observe()
    {
        CogErrorTally[] tallies = _tallies.Snapshot();
        var measurements = new Measurement<long>[tallies.Length];
        for (int i = 0; i < tallies.Length; i++)
        {
            measurements[i] = new Measurement<long>(tallies[i].Count, tallies[i].Tags);
        }

        return measurements;
    }
}
