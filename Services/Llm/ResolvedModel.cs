using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace AndyAI.Services.Llm;

/// <summary>A model's settings after inheriting the <c>Llm</c> section's defaults.</summary>
internal sealed class ResolvedModel : LlmModelOptions
{
    public const string DefaultModel = "gpt-4o-mini";
    public const string DefaultSystemPrompt = "You are AndyAI, a helpful and concise assistant in a Discord server.";
    public const float DefaultTemperature = 0.7f;
    public const int DefaultMaxOutputTokens = 500;

    /// <summary>The configured name ("" for the default model).</summary>
    public required string Name { get; init; }

    public static ResolvedModel Resolve(string name, LlmModelOptions own, LlmModelOptions defaults) => new()
    {
        Name = name,
        // A model with a key variable of its own never inherits the default key: it would go to another provider.
        ApiKey = string.IsNullOrWhiteSpace(own.ApiKeyVariable) ? own.ApiKey ?? defaults.ApiKey : own.ApiKey,
        BaseUrl = own.BaseUrl ?? defaults.BaseUrl ?? LlmOptions.DefaultBaseUrl,
        Model = own.Model ?? defaults.Model ?? DefaultModel,
        SystemPrompt = own.SystemPrompt ?? defaults.SystemPrompt ?? DefaultSystemPrompt,
        Temperature = own.Temperature ?? defaults.Temperature ?? DefaultTemperature,
        MaxOutputTokens = own.MaxOutputTokens ?? defaults.MaxOutputTokens ?? DefaultMaxOutputTokens,
        LocalProvider = own.LocalProvider ?? defaults.LocalProvider ?? false,
        // Not inherited: the default model's name or size says nothing about another model.
        ApiKeyVariable = own.ApiKeyVariable,
        DisplayName = string.IsNullOrWhiteSpace(own.DisplayName) ? own.Model ?? defaults.Model ?? DefaultModel : own.DisplayName.Trim(),
        ContextTokens = own.ContextTokens ?? 0,
    };

    /// <summary>The name users and <see cref="AndyAI.Abstractions.Llm.LlmRequest.Model"/> use: <c>default</c> for the default model.</summary>
    public string PublicName => Name.Length == 0 ? AndyAI.Abstractions.Llm.LlmModelInfo.DefaultName : Name;

    /// <summary>
    /// An absolute http(s) URL; a bare host ("http://localhost:11434") gets "/v1", because OpenAI-compatible servers
    /// answer 404 on "/chat/completions" without it. Other paths (gateways) are kept as given.
    /// </summary>
    public static bool TryNormaliseEndpoint(string baseUrl, [NotNullWhen(true)] out Uri? endpoint)
    {
        endpoint = null;
        if (!Uri.TryCreate(baseUrl.Trim(), UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(uri.Host))
        {
            return false;
        }

        string path = uri.AbsolutePath.TrimEnd('/');
        if (path.Length == 0)
        {
            path = "/v1";
        }

        endpoint = new UriBuilder(uri) { Path = path, Query = "", Fragment = "" }.Uri;
        return true;
    }

    public static bool IsLocal(LlmModelOptions model, Uri endpoint) =>
        model.LocalProvider == true || endpoint.IsLoopback || (IPAddress.TryParse(endpoint.Host, out IPAddress? ip) && IPAddress.IsLoopback(ip));
}
