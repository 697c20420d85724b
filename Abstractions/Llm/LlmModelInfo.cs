namespace AndyAI.Abstractions.Llm;

/// <summary>A configured model as users see it. Added in contract 1.3.</summary>
/// <param name="Name">The name to put in <see cref="LlmRequest.Model"/> (<c>default</c> for the default model).</param>
/// <param name="DisplayName">What to show users.</param>
/// <param name="ContextTokens">The model's context window in tokens, or 0 when not configured.</param>
/// <param name="IsFallback">Whether it is the fallback model (<c>Llm:FallbackModel</c>).</param>
public sealed record LlmModelInfo(string Name, string DisplayName, int ContextTokens, bool IsFallback = false)
{
    /// <summary>The name of the default model.</summary>
    public const string DefaultName = "default";
}
