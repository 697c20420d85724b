namespace AndyAI.Services.Llm;

/// <summary>The <c>Llm</c> configuration section: the default model and any named ones.</summary>
public sealed class LlmOptions : LlmModelOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Llm";

    /// <summary>The default OpenAI endpoint.</summary>
    public const string DefaultBaseUrl = "https://api.openai.com/v1";

    /// <value>Whether a model is used at all. With <see langword="false"/> no key is needed and every request
    /// answers <c>Unauthorized</c> with a message saying the LLM is disabled. Defaults to <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <value>Per-attempt network timeout (per read while streaming). Defaults to 30 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <value>Retries after the first attempt (so 2 means up to 3 attempts). Defaults to 2.</value>
    public int MaxRetries { get; set; } = 2;

    /// <value>First backoff for timeouts, connection failures and 5xx; doubles per retry. Defaults to 1 second.</value>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <value>First backoff for 429; doubles per retry. Defaults to 4 seconds (longer than for 5xx).</value>
    public TimeSpan RateLimitedRetryBaseDelay { get; set; } = TimeSpan.FromSeconds(4);

    /// <value>Cap on any wait between attempts, including a server's <c>Retry-After</c>. Defaults to 30 seconds.</value>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Named models a cog can ask for (<see cref="AndyAI.Abstractions.Llm.LlmRequest.Model"/>); unset fields inherit the defaults above.</summary>
    public Dictionary<string, LlmModelOptions> Models { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One model's settings. Unset values inherit from the <c>Llm</c> section.</summary>
public class LlmModelOptions
{
    /// <value>The API key; not needed for a local provider. Never logged.</value>
    public string? ApiKey { get; set; }

    /// <value>An OpenAI-compatible base URL. A bare host gets <c>/v1</c> appended. Defaults to <c>https://api.openai.com/v1</c>.</value>
    public string? BaseUrl { get; set; }

    /// <value>The model id sent to the provider. Defaults to <c>gpt-4o-mini</c>.</value>
    public string? Model { get; set; }

    /// <value>The system prompt. Defaults to a short assistant prompt.</value>
    public string? SystemPrompt { get; set; }

    /// <value>Sampling temperature, 0–2. Defaults to 0.7.</value>
    public float? Temperature { get; set; }

    /// <value>Output token limit. Defaults to 500.</value>
    public int? MaxOutputTokens { get; set; }

    /// <value>Whether the provider needs no key (Ollama, vLLM, LM Studio on another host). A loopback
    /// <see cref="BaseUrl"/> counts as local without this. Defaults to <see langword="false"/>.</value>
    public bool? LocalProvider { get; set; }
}
