using AndyAI.Abstractions.RateLimiting;
using Microsoft.Extensions.Options;

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

/// <summary>A token bucket's shape, as configured.</summary>
public sealed class TokenBucketOptions
{
    /// <value>Tokens a full bucket holds (the burst).</value>
    public int Capacity { get; set; }

    /// <value>Tokens added every <see cref="Period"/>.</value>
    public int TokensPerPeriod { get; set; }

    /// <value>The refill period.</value>
    public TimeSpan Period { get; set; }

    internal RateLimitPolicy ToPolicy() => new(Capacity, TokensPerPeriod, Period);
}

internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Check("RateLimits:PerUser", options.PerUser, failures);
        Check("RateLimits:PerGuild", options.PerGuild, failures);
        if (options.MaxConcurrentLlmCalls <= 0)
        {
            failures.Add($"RateLimits:MaxConcurrentLlmCalls must be positive (got {options.MaxConcurrentLlmCalls}).");
        }

        if (options.LlmQueueLimit < 0)
        {
            failures.Add($"RateLimits:LlmQueueLimit must not be negative (got {options.LlmQueueLimit}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(string section, TokenBucketOptions? bucket, List<string> failures)
    {
        if (bucket is null)
        {
            failures.Add($"{section} is missing.");
            return;
        }

        if (KeyedTokenBucketLimiter.Validate(bucket.ToPolicy()) is { } problem)
        {
            failures.Add($"{section}: {problem}");
        }
    }
}
