using Microsoft.Extensions.Options;

namespace AndyAI.Services.RateLimiting;

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
