namespace AndyAI.Services.Llm;

/// <summary>One model's settings. Unset values inherit from the <c>Llm</c> section.</summary>
public class LlmModelOptions
{
    /// <value>The API key; not needed for a local provider. Never logged.</value>
    public string? ApiKey { get; set; }

    /// <value>
    /// The name of the environment variable (or .env entry) holding this model's API key, e.g. <c>GROQ_API_KEY</c>:
    /// the host reads it at start into <see cref="ApiKey"/>, so keys stay out of configuration files.
    /// </value>
    public string? ApiKeyVariable { get; set; }

    /// <value>The name users see in <c>/model</c>. Defaults to the model id.</value>
    public string? DisplayName { get; set; }

    /// <value>The model's context window in tokens, shown in <c>/model</c>; 0 (the default) when unknown.</value>
    public int? ContextTokens { get; set; }

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
