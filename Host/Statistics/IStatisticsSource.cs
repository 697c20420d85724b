namespace AndyAI.Host.Statistics;

/// <summary>
/// Counters kept elsewhere (the Discord client counts every MESSAGE_CREATE with one interlocked add) and copied into
/// a statistics snapshot only when someone asks, so the hot path never pays for them twice.
/// </summary>
internal interface IStatisticsSource
{
    void AddCountersTo(IDictionary<string, long> counters);
}
