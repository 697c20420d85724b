using Microsoft.Extensions.Options;

namespace AndyAI.Services.Caching;

internal sealed class CacheOptionsValidator : IValidateOptions<CacheOptions>
{
    public ValidateOptionsResult Validate(string? name, CacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.DefaultTimeToLive <= TimeSpan.Zero)
        {
            failures.Add($"Cache:DefaultTimeToLive must be positive (got {options.DefaultTimeToLive}); e.g. \"01:00:00\" for an hour.");
        }

        if (options.SizeLimitBytes <= 0)
        {
            failures.Add($"Cache:SizeLimitBytes must be positive (got {options.SizeLimitBytes}).");
        }

        if (options.MaximumEntryBytes <= 0 || options.MaximumEntryBytes > options.SizeLimitBytes)
        {
            failures.Add($"Cache:MaximumEntryBytes must be positive and at most Cache:SizeLimitBytes (got {options.MaximumEntryBytes}).");
        }

        if (options.ExpirationScanFrequency <= TimeSpan.Zero)
        {
            failures.Add($"Cache:ExpirationScanFrequency must be positive (got {options.ExpirationScanFrequency}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
