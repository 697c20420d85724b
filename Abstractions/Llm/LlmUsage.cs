namespace AndyAI.Abstractions.Llm;

/// <summary>Token counts reported by the provider.</summary>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Completion tokens.</param>
public sealed record LlmUsage(int InputTokens, int OutputTokens);
