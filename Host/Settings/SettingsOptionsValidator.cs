using Microsoft.Extensions.Options;

namespace AndyAI.Host.Settings;

/// <summary>Checks the <c>Settings</c> section at start.</summary>
internal sealed class SettingsOptionsValidator : IValidateOptions<SettingsOptions>
{
    public ValidateOptionsResult Validate(string? name, SettingsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.RefreshInterval < TimeSpan.FromSeconds(1) || options.RefreshInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"Settings:RefreshInterval must be between 00:00:01 and 01:00:00 (got {options.RefreshInterval}).");
        }

        if (options.DailyUserTokens < 0 || options.DailyGuildTokens < 0)
        {
            failures.Add("Settings:DailyUserTokens and Settings:DailyGuildTokens must not be negative (0 means no limit).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
