using AndyAI.Abstractions;
using AndyAI.Storage;
using AndyAI.Storage.Conversations;

namespace AndyAI.Host.Statistics;

/// <summary>Whether the database answers, and the turns held while it does not (for <c>!stats</c>).</summary>
internal sealed class StorageStatisticsSource(DatabaseAccess database, ConversationMemory memory) : IStatisticsSource
{
    public void AddCountersTo(IDictionary<string, long> counters)
    {
        counters[BotStatisticNames.StorageAvailable] = database.IsAvailable ? 1 : 0;
        counters[BotStatisticNames.StorageBacklog] = memory.BacklogCount;
    }
}
