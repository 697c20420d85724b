namespace AndyAI.Host.Web.Dashboard;

/// <summary>One update of the overview page (sent every few seconds over Server-Sent Events).</summary>
internal sealed record OverviewSample(
    long Time,
    double UptimeSeconds,
    IReadOnlyList<ReadinessShard> Shards,
    long MessagesSeen,
    long MentionsAnswered,
    long MentionsFailed,
    long CommandsInvoked,
    double CacheHitRate,
    long CacheEntries,
    long LlmRequests,
    long LlmErrors,
    long AnswerCount,
    double? AnswerP50Ms,
    double? AnswerP95Ms,
    double? AnswerP99Ms,
    long WorkingSetBytes,
    long ManagedHeapBytes,
    string Ready);
