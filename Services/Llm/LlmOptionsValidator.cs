using AndyAI.Abstractions.Llm;
using Microsoft.Extensions.Options;

namespace AndyAI.Services.Llm;

/// <summary>Checks the <c>Llm</c> section at start so a bad key or URL fails the boot with a message saying what to fix.</summary>
internal sealed class LlmOptionsValidator : IValidateOptions<LlmOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"Llm:Timeout must be between 00:00:00.001 and 00:10:00 (got {options.Timeout}).");
        }

        if (options.Deadline < TimeSpan.FromSeconds(1) || options.Deadline > TimeSpan.FromMinutes(30))
        {
            failures.Add($"Llm:Deadline must be between 00:00:01 and 00:30:00 (got {options.Deadline}); it bounds the slot wait, every attempt and backoff of one request.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add($"Llm:MaxRetries must be between 0 and 10 (got {options.MaxRetries}).");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.RateLimitedRetryBaseDelay < TimeSpan.Zero || options.MaxRetryDelay < TimeSpan.Zero)
        {
            failures.Add("Llm:RetryBaseDelay, Llm:RateLimitedRetryBaseDelay and Llm:MaxRetryDelay must not be negative.");
        }

        if (options.Enabled)
        {
            ValidateModel("Llm", ResolvedModel.Resolve("", options, options), options, failures);
            foreach ((string modelName, LlmModelOptions model) in options.Models)
            {
                if (string.Equals(modelName, LlmModelInfo.DefaultName, StringComparison.OrdinalIgnoreCase))
                {
                    failures.Add($"Llm:Models:{modelName}: the name '{LlmModelInfo.DefaultName}' is taken by the default model (Llm:Model); pick another.");
                }

                ValidateModel($"Llm:Models:{modelName}", ResolvedModel.Resolve(modelName, model, options), model, failures);
            }
        }

        if (!string.IsNullOrWhiteSpace(options.FallbackModel)
            && !string.Equals(options.FallbackModel, LlmModelInfo.DefaultName, StringComparison.OrdinalIgnoreCase)
            && !options.Models.ContainsKey(options.FallbackModel))
        {
            failures.Add(options.Models.Count == 0
                ? $"Llm:FallbackModel '{options.FallbackModel}' is not a configured model: no named model is configured (Llm:Models:<name>:Model), so only '{LlmModelInfo.DefaultName}' can be the fallback."
                : $"Llm:FallbackModel '{options.FallbackModel}' is not a configured model: use '{LlmModelInfo.DefaultName}' or one of Llm:Models ({string.Join(", ", options.Models.Keys)}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateModel(string section, LlmModelOptions resolved, LlmModelOptions own, List<string> failures)
    {
        string baseUrl = resolved.BaseUrl ?? LlmOptions.DefaultBaseUrl;
        if (!ResolvedModel.TryNormaliseEndpoint(baseUrl, out Uri? endpoint))
        {
            failures.Add($"{section}:BaseUrl '{own.BaseUrl ?? baseUrl}' is not an absolute http(s) URL (expected e.g. https://api.openai.com/v1 or http://localhost:11434/v1).");
            return;
        }

        if (string.IsNullOrWhiteSpace(resolved.ApiKey) && !ResolvedModel.IsLocal(resolved, endpoint) && !string.IsNullOrWhiteSpace(own.ApiKeyVariable))
        {
            failures.Add($"{section}:ApiKeyVariable names {own.ApiKeyVariable}, which is not set (in the environment or .env).");
        }
        else if (string.IsNullOrWhiteSpace(resolved.ApiKey) && !ResolvedModel.IsLocal(resolved, endpoint))
        {
            failures.Add($"{section}:ApiKey is missing: set it (environment OPENAI_API_KEY), point {section}:BaseUrl at a local provider " +
                $"(e.g. http://localhost:11434/v1), set {section}:LocalProvider=true, or set Llm:Enabled=false to run without a model.");
        }

        if (resolved.Temperature is < 0 or > 2)
        {
            failures.Add($"{section}:Temperature must be between 0 and 2 (got {resolved.Temperature}).");
        }

        if (resolved.MaxOutputTokens is <= 0)
        {
            failures.Add($"{section}:MaxOutputTokens must be positive (got {resolved.MaxOutputTokens}).");
        }

        if (own.ContextTokens is < 0)
        {
            failures.Add($"{section}:ContextTokens must not be negative (got {own.ContextTokens}).");
        }

        if (string.IsNullOrWhiteSpace(resolved.Model))
        {
            failures.Add($"{section}:Model must not be empty.");
        }
    }
}
