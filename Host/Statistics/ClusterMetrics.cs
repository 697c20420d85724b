using System.Diagnostics.Metrics;
using AndyAI.Abstractions;
using AndyAI.Cluster;
using AndyAI.Cluster.Shards;
using Microsoft.Extensions.Hosting;

namespace AndyAI.Host.Statistics;

/// <summary>
/// With <c>REDIS_URL</c>: whether Redis answers and how many of the bot's processes are alive, as instruments of
/// meter <c>AndyAI.Cluster</c> (<c>andyai.cluster.available</c>, <c>andyai.cluster.processes</c>, <c>andyai.cluster.shard_handoffs</c>) that <c>/metrics</c>
/// and <c>!stats</c> read alike.
/// </summary>
internal sealed class ClusterMetrics(IMeterFactory meters, RedisConnection redis, RedisShardCoordinator coordinator) : IHostedService
{
    public const string MeterName = BotStatistics.MeterPrefix + "Cluster";

    // Not in BotStatisticNames (the cog contract): an operator's number, read on /metrics only.
    private const string ShardHandOffs = "cluster.shard_handoffs";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Meter meter = meters.Create(MeterName);
        meter.CreateObservableUpDownCounter(BotStatistics.InstrumentPrefix + BotStatisticNames.ClusterAvailable, () => redis.IsAvailable ? 1L : 0L,
            description: "1 while Redis answers, 0 while this process works alone (local cache and limits, no new shards)");
        meter.CreateObservableUpDownCounter(BotStatistics.InstrumentPrefix + BotStatisticNames.ClusterProcesses, () => (long)coordinator.LiveMembers,
            description: "The bot's processes alive in the cluster, as this one last saw them");
        meter.CreateObservableCounter(BotStatistics.InstrumentPrefix + ShardHandOffs, () => Interlocked.Read(ref coordinator.HandOffs),
            description: "Shards this process handed to another one to even the shares out (Cluster:Rebalance); the taker resumes them");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
