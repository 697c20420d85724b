namespace AndyAI.Emulator.OpenAi;

/// <summary>How the OpenAI-compatible fake answers. Everything here can also be changed on a running server.</summary>
public sealed class OpenAiFakeOptions
{
    /// <summary>Answers by prompt: the last user message, compared exactly (ordinal).</summary>
    public IDictionary<string, string> Answers { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Generates an answer when <see cref="Answers"/> has none. Defaults to echoing the last user message as
    /// <c>"echo: {prompt}"</c>. The sandbox's offline responder plugs in here.
    /// </summary>
    public Func<OpenAiFakeRequest, string>? Responder { get; set; }

    /// <value>Time each response waits before its first byte. Defaults to zero.</value>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <value>Time between two streamed chunks. Defaults to zero (every chunk at once).</value>
    public TimeSpan StreamChunkDelay { get; set; } = TimeSpan.Zero;

    /// <value>Characters per streamed chunk. Defaults to 8.</value>
    public int StreamChunkCharacters { get; set; } = 8;

    /// <value>Model ids listed by <c>/v1/models</c>. Defaults to <c>gpt-4o-mini</c>.</value>
    public IList<string> Models { get; } = new List<string> { "gpt-4o-mini" };

    /// <summary>
    /// When set, requests must carry <c>Authorization: Bearer {RequiredApiKey}</c>; others get 401. Defaults to
    /// <see langword="null"/> (any key, or none, is accepted).
    /// </summary>
    public string? RequiredApiKey { get; set; }

    /// <value>The clock for request timestamps and latency. Defaults to <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
