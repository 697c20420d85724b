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

    /// <value>
    /// The most one request may take in all: the wait for a concurrency slot (RateLimits:MaxConcurrentLlmCalls),
    /// every attempt and every wait between attempts. When it passes the request ends as
    /// <see cref="AndyAI.Abstractions.Llm.LlmOutcome.Timeout"/>, so a user hears back within it however the
    /// provider behaves. Defaults to 90 seconds.
    /// </value>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(90);

    /// <value>Retries after the first attempt (so 2 means up to 3 attempts). Defaults to 2.</value>
    public int MaxRetries { get; set; } = 2;

    /// <value>First backoff for timeouts, connection failures and 5xx; doubles per retry. Defaults to 1 second.</value>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <value>First backoff for 429; doubles per retry. Defaults to 4 seconds (longer than for 5xx).</value>
    public TimeSpan RateLimitedRetryBaseDelay { get; set; } = TimeSpan.FromSeconds(4);

    /// <value>Cap on any wait between attempts, including a server's <c>Retry-After</c>. Defaults to 30 seconds.</value>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <value>
    /// The model that answers when the chosen one fails after its retries (unavailable, timed out, rate limited,
    /// refused): <c>default</c> or a name in <see cref="Models"/>. The answer says it came from the fallback. It gets
    /// a <see cref="Deadline"/> of its own, so a user waits at most twice the deadline. Defaults to none.
    /// </value>
    public string? FallbackModel { get; set; }

    /// <summary>Named models a cog can ask for (<see cref="AndyAI.Abstractions.Llm.LlmRequest.Model"/>); unset fields inherit the defaults above.</summary>
    public Dictionary<string, LlmModelOptions> Models { get; } = new(StringComparer.OrdinalIgnoreCase);
}
