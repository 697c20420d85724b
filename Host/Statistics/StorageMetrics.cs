using System.Diagnostics.Metrics;
using AndyAI.Abstractions;
using AndyAI.Storage;
using AndyAI.Storage.Conversations;
using Microsoft.Extensions.Hosting;

namespace AndyAI.Host.Statistics;

/// <summary>
/// Whether the database answers, and the turns held while it does not: instruments of meter <c>AndyAI.Storage</c>
/// (<c>andyai.storage.available</c>, <c>andyai.storage.backlog</c>), read by <c>/metrics</c> and <c>!stats</c>
/// alike. Registered when the host starts; the values are read only when someone asks.
/// </summary>
internal sealed class StorageMetrics(IMeterFactory meters, DatabaseAccess database, ConversationMemory memory) : IHostedService
{
    public const string MeterName = BotStatistics.MeterPrefix + "Storage";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Meter meter = meters.Create(MeterName);
        meter.CreateObservableUpDownCounter(BotStatistics.InstrumentPrefix + BotStatisticNames.StorageAvailable, () => database.IsAvailable ? 1L : 0L,
            description: "1 while the database answers, 0 during an outage (the bot then answers without memory)");
        meter.CreateObservableUpDownCounter(BotStatistics.InstrumentPrefix + BotStatisticNames.StorageBacklog, () => (long)memory.BacklogCount,
            description: "Conversation turns held in memory until the database is back");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
