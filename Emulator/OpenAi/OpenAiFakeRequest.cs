namespace AndyAI.Emulator.OpenAi;

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
