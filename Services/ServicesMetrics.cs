using System.Diagnostics.Metrics;
using AndyAI.Abstractions.Llm;

namespace AndyAI.Services;

/// <summary>
/// Instruments over the services' lock-free counters (observed when a reader collects; nothing is counted twice):
/// LLM requests, provider calls, retries, tokens and outcomes; the response cache; the rate limits.
/// </summary>
public static class ServicesMetrics
{
    /// <summary>LLM requests, calls, retries, tokens, outcomes and the call duration histogram.</summary>
    public const string LlmMeter = "AndyAI.Llm";

    /// <summary>Response cache hits, misses, evictions, entries and bytes.</summary>
    public const string CacheMeter = "AndyAI.Cache";

    /// <summary>Rate-limit decisions by scope (user, guild) and result.</summary>
    public const string RateLimitsMeter = "AndyAI.RateLimits";

    /// <summary>The activity source of the LLM and cache spans of an answer's trace.</summary>
    public const string TracingSourceName = "AndyAI.Llm";

    internal static readonly System.Diagnostics.ActivitySource Tracing = new(TracingSourceName);

    /// <summary>Creates the instruments over <paramref name="statistics"/> in meters from <paramref name="meters"/>.</summary>
    public static void Register(IMeterFactory meters, IServicesStatistics statistics, Func<(long UserAllowed, long UserDenied, long GuildAllowed, long GuildDenied)> rateLimitDecisions)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(rateLimitDecisions);

        Meter llm = meters.Create(LlmMeter);
        llm.CreateObservableCounter("andyai.llm.requests", () => statistics.Snapshot().Llm.Requests, description: "Requests made by cogs, cached or not");
        llm.CreateObservableCounter("andyai.llm.provider_calls", () => statistics.Snapshot().Llm.ProviderCalls, description: "Requests that reached the provider");
        llm.CreateObservableCounter("andyai.llm.retries", () => statistics.Snapshot().Llm.Retries, description: "Attempts beyond the first");
        llm.CreateObservableCounter("andyai.llm.cache_answers", () => statistics.Snapshot().Llm.FromCache, description: "Requests answered from the response cache");
        llm.CreateObservableCounter("andyai.llm.tokens", () =>
        {
            var snapshot = statistics.Snapshot().Llm;
            return new[]
            {
                new Measurement<long>(snapshot.InputTokens, new KeyValuePair<string, object?>("direction", "input")),
                new Measurement<long>(snapshot.OutputTokens, new KeyValuePair<string, object?>("direction", "output")),
            };
        }, description: "Tokens reported by the provider");
        llm.CreateObservableCounter("andyai.llm.outcomes",
            () => statistics.Snapshot().Llm.Outcomes.Select(o => new Measurement<long>(o.Value, new KeyValuePair<string, object?>("outcome", o.Key.ToString()))),
            description: "Requests by outcome (Ok, or the kind of error)");

        Meter cache = meters.Create(CacheMeter);
        cache.CreateObservableCounter("andyai.cache.hits", () => statistics.Snapshot().Cache.Hits, description: "Response cache hits");
        cache.CreateObservableCounter("andyai.cache.misses", () => statistics.Snapshot().Cache.Misses, description: "Response cache misses");
        cache.CreateObservableCounter("andyai.cache.evictions", () => statistics.Snapshot().Cache.Evictions, description: "Entries evicted for size or expiry");
        cache.CreateObservableUpDownCounter("andyai.cache.entries", () => statistics.Snapshot().Cache.Entries, description: "Entries held now");
        cache.CreateObservableUpDownCounter("andyai.cache.bytes", () => statistics.Snapshot().Cache.Bytes, "By", "Bytes held now");

        Meter rateLimits = meters.Create(RateLimitsMeter);
        rateLimits.CreateObservableCounter("andyai.ratelimit.decisions", () =>
        {
            (long userAllowed, long userDenied, long guildAllowed, long guildDenied) = rateLimitDecisions();
            return new[]
            {
                Decision(userAllowed, "user", "allowed"), Decision(userDenied, "user", "denied"),
                Decision(guildAllowed, "guild", "allowed"), Decision(guildDenied, "guild", "denied"),
            };
        }, description: "Rate-limit checks by scope and result");
    }

    private static Measurement<long> Decision(long value, string scope, string result) =>
        new(value, new KeyValuePair<string, object?>("scope", scope), new KeyValuePair<string, object?>("result", result));
}
