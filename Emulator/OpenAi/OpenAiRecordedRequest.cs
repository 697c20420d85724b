namespace AndyAI.Emulator.OpenAi;

/// <summary>A request the fake received, for assertions.</summary>
public sealed record OpenAiRecordedRequest
{
    /// <summary>Sequence number, from 1.</summary>
    public required int Sequence { get; init; }

    /// <summary>When it arrived (from <see cref="OpenAiFakeOptions.TimeProvider"/>).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>Request path, e.g. <c>/v1/chat/completions</c>.</summary>
    public required string Path { get; init; }

    /// <summary>The bearer token sent, if any (this is a test fake: keep real keys away from it).</summary>
    public string? ApiKey { get; init; }

    /// <summary>The parsed chat request, for chat completions.</summary>
    public OpenAiFakeRequest? Chat { get; init; }

    /// <summary>The fault injected into this request, if any.</summary>
    public OpenAiFault? Fault { get; init; }
}
