using AndyAI.Abstractions;
using AndyAI.Abstractions.Llm;
using AndyAI.Discord.Hosting;
using AndyAI.Host.Statistics;
using AndyAI.Services;

namespace AndyAI.Host.Web.Dashboard;

/// <summary>One overview sample, from the same statistics <c>!stats</c> reads.</summary>
internal sealed class OverviewSampler(BotStatistics statistics, IServicesStatistics services, DiscordBot bot, Readiness readiness, TimeProvider time)
{
    /// <summary>The MessageHandler cog's answer histogram (mention taken → answer sent); <c>llm.latency</c> when no cog records it.</summary>
    public const string AnswerLatency = "answers.latency";

    public OverviewSample Sample()
    {
        BotStatisticsSnapshot snapshot = statistics.Snapshot();
        ServicesStatistics serviceCounters = services.Snapshot();
        DurationSummary? answers = snapshot.Durations.GetValueOrDefault(AnswerLatency)
            ?? snapshot.Durations.GetValueOrDefault(BotStatisticNames.LlmLatency);
        bool hasAnswers = answers is { Count: > 0 };
        DateTimeOffset now = time.GetUtcNow();
        ReadinessReport ready = readiness.Check();
        return new OverviewSample(
            now.ToUnixTimeMilliseconds(),
            (now - snapshot.StartedAt).TotalSeconds,
            [.. bot.GetShards().Select(s => new ReadinessShard(s.ShardId, s.State, s.Latency?.TotalMilliseconds))],
            snapshot.Counters.GetValueOrDefault(BotStatisticNames.MessagesSeen),
            snapshot.Counters.GetValueOrDefault(BotStatisticNames.MentionsAnswered),
            snapshot.Counters.GetValueOrDefault(BotStatisticNames.MentionsFailed),
            snapshot.Counters.GetValueOrDefault(BotStatisticNames.CommandsInvoked),
            serviceCounters.Cache.HitRate,
            serviceCounters.Cache.Entries,
            serviceCounters.Llm.Requests,
            serviceCounters.Llm.Outcomes.Where(o => o.Key is not (LlmOutcome.Ok or LlmOutcome.Cancelled)).Sum(o => o.Value),
            answers?.Count ?? 0,
            hasAnswers ? answers!.P50.TotalMilliseconds : null,
            hasAnswers ? answers!.P95.TotalMilliseconds : null,
            hasAnswers ? answers!.P99.TotalMilliseconds : null,
            Environment.WorkingSet,
            GC.GetTotalMemory(forceFullCollection: false),
            ready.IsReady ? "ready" : "not ready: " + string.Join("; ", ready.NotReady));
    }
}
