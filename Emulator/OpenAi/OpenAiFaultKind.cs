namespace AndyAI.Emulator.OpenAi;

/// <summary>What kind of failure the fake injects.</summary>
public enum OpenAiFaultKind
{
    /// <summary>Answer with an HTTP error status and an OpenAI error body.</summary>
    Status,

    /// <summary>Accept the request and never answer (until the client gives up or the server stops).</summary>
    Hang,

    /// <summary>Start a streamed (or JSON) answer and cut the connection in the middle.</summary>
    CutStream,
}
