namespace AndyAI.Services.RateLimiting;

/// <summary>The <c>RateLimits</c> configuration section.</summary>
public sealed class RateLimitOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "RateLimits";

    /// <value>Each user's bucket. Defaults to a burst of 5, then 1 request per 12 seconds.</value>
    public TokenBucketOptions PerUser { get; set; } = new() { Capacity = 5, TokensPerPeriod = 1, Period = TimeSpan.FromSeconds(12) };

    /// <value>Each guild's bucket. Defaults to a burst of 30, then 1 request per 2 seconds.</value>
    public TokenBucketOptions PerGuild { get; set; } = new() { Capacity = 30, TokensPerPeriod = 1, Period = TimeSpan.FromSeconds(2) };

    /// <value>LLM calls in flight at once, host-wide; more wait in a queue. Defaults to 4.</value>
    public int MaxConcurrentLlmCalls { get; set; } = 4;

    /// <value>LLM calls allowed to wait for a slot; beyond that a call is answered <c>RateLimited</c> at once. Defaults to 100.</value>
    public int LlmQueueLimit { get; set; } = 100;
}
