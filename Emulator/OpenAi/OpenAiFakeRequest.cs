namespace AndyAI.Emulator.OpenAi;

/// <summary>One chat message as the fake received it.</summary>
/// <param name="Role">system, user, assistant, developer or tool.</param>
/// <param name="Content">The text (content parts concatenated).</param>
public sealed record OpenAiFakeMessage(string Role, string Content);

/// <summary>A chat completion request as the fake understood it; handed to the responder.</summary>
public sealed record OpenAiFakeRequest
{
    /// <summary>The requested model id.</summary>
    public required string Model { get; init; }

    /// <summary>The conversation, oldest first.</summary>
    public required IReadOnlyList<OpenAiFakeMessage> Messages { get; init; }

    /// <summary>Whether the client asked for a server-sent-event stream.</summary>
    public bool Stream { get; init; }

    /// <summary>The requested temperature, if any.</summary>
    public float? Temperature { get; init; }

    /// <summary>The requested output token limit (<c>max_completion_tokens</c> or <c>max_tokens</c>), if any.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>The last user message, or empty.</summary>
    public string LastUserMessage
    {
        get
        {
            for (int i = Messages.Count - 1; i >= 0; i--)
            {
                if (Messages[i].Role == "user")
                {
                    return Messages[i].Content;
                }
            }

            return "";
        }
    }
}

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
