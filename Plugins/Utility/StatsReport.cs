using System.Globalization;
using System.Text;
using AndyAI.Abstractions;
using AndyAI.Abstractions.Llm;

namespace AndyAI.Cogs.Utility;

/// <summary>The text of <c>!stats</c>, from the host's counters, the cache and the runtime's memory figures.</summary>
internal static class StatsReport
{
    /// <summary>Process memory, read where the report is built so tests can pass fixed figures.</summary>
    public readonly record struct Memory(long WorkingSetBytes, long ManagedHeapBytes, int Gen0, int Gen1, int Gen2)
    {
        public static Memory Current() => new(Environment.WorkingSet, GC.GetTotalMemory(forceFullCollection: false), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    }

    public static string Format(BotStatisticsSnapshot statistics, ResponseCacheStatistics cache, Memory memory, DateTimeOffset now)
    {
        long Counter(string name) => statistics.Counters.GetValueOrDefault(name);

        var text = new StringBuilder();
        text.Append("**Stats** since ").Append(Formatting.Time(statistics.StartedAt))
            .Append(" (up ").Append(DurationText.Format(now - statistics.StartedAt)).Append(')');
        text.Append("\nMessages seen: ").Append(Formatting.Count(Counter(BotStatisticNames.MessagesSeen)))
            .Append(" · mentions answered: ").Append(Formatting.Count(Counter(BotStatisticNames.MentionsAnswered)))
            .Append(" (").Append(Formatting.Count(Counter(BotStatisticNames.MentionsFailed))).Append(" failed)")
            .Append(" · commands run: ").Append(Formatting.Count(Counter(BotStatisticNames.CommandsInvoked)));
        text.Append("\nRate-limit denials: ").Append(Formatting.Count(Counter(BotStatisticNames.RateLimitDenied)));
        text.Append("\nCache: ").Append((cache.HitRate * 100).ToString("0.0", CultureInfo.InvariantCulture)).Append(" % hit rate (")
            .Append(Formatting.Count(cache.Hits, "hit", "hits")).Append(" / ").Append(Formatting.Count(cache.Hits + cache.Misses, "lookup", "lookups")).Append("), ")
            .Append(Formatting.Count(cache.Entries, "entry", "entries")).Append(", ").Append(Formatting.Bytes(cache.Bytes));
        text.Append("\nLLM latency: ");
        if (statistics.Durations.TryGetValue(BotStatisticNames.LlmLatency, out DurationSummary? llm) && llm.Count > 0)
        {
            text.Append("p50 ").Append(DurationText.Format(llm.P50)).Append(" · p95 ").Append(DurationText.Format(llm.P95))
                .Append(" (").Append(Formatting.Count(llm.Count, "call", "calls")).Append(')');
        }
        else
        {
            text.Append("no calls yet");
        }

        text.Append("\nMemory: ").Append(Formatting.Bytes(memory.WorkingSetBytes)).Append(" working set · ")
            .Append(Formatting.Bytes(memory.ManagedHeapBytes)).Append(" managed heap · GC ")
            .Append(CultureInfo.InvariantCulture, $"{memory.Gen0}/{memory.Gen1}/{memory.Gen2} (gen 0/1/2)");
        if (statistics.Counters.TryGetValue(BotStatisticNames.StorageAvailable, out long available))
        {
            text.Append("\nConversation memory: ").Append(available == 1
                ? "on"
                : $"**off**: the database is unavailable; answering without memory, {Formatting.Count(Counter(BotStatisticNames.StorageBacklog), "turn", "turns")} held until it is back");
        }

        if (statistics.Counters.TryGetValue(BotStatisticNames.ClusterAvailable, out long redis))
        {
            text.Append("\nCluster: ").Append(redis == 1
                ? $"{Formatting.Count(Counter(BotStatisticNames.ClusterProcesses), "process shares", "processes share")} this bot through Redis"
                : "**alone**: Redis is unreachable; this process keeps its shards, local cache and limits until it is back");
        }

        return text.ToString();
    }
}
