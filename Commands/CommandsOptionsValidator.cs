using Microsoft.Extensions.Options;

namespace AndyAI.Commands;

/// <summary>Checks <see cref="CommandsOptions"/> when the host starts, naming the bad key.</summary>
internal sealed class CommandsOptionsValidator : IValidateOptions<CommandsOptions>
{
    public ValidateOptionsResult Validate(string? name, CommandsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        string? prefix = options.Prefix;
        if (string.IsNullOrEmpty(prefix) || prefix.Length > 16)
        {
            failures.Add("Commands:Prefix must be 1 to 16 characters long.");
        }
        else if (prefix.Any(char.IsWhiteSpace))
        {
            failures.Add("Commands:Prefix must not contain whitespace.");
        }
        else if (prefix[0] == '<')
        {
            failures.Add("Commands:Prefix must not start with '<': mentions start with it.");
        }

        if (options.MaxConcurrentCommands is < 1 or > 1024)
        {
            failures.Add($"Commands:MaxConcurrentCommands must be 1 to 1024, not {options.MaxConcurrentCommands}.");
        }

        if (options.HandlerTimeout < TimeSpan.FromSeconds(1) || options.HandlerTimeout > TimeSpan.FromHours(1))
        {
            failures.Add($"Commands:HandlerTimeout must be between 00:00:01 and 01:00:00, not {options.HandlerTimeout}.");
        }

        try
        {
            _ = options.ParseAdminUserIds();
        }
        catch (FormatException e)
        {
            failures.Add(e.Message);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
