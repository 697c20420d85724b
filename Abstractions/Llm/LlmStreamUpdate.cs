namespace AndyAI.Abstractions.Llm;

/// <summary>One step of a streamed answer: a text delta, or (last) the final result.</summary>
/// <param name="Delta">New text; empty on the final update.</param>
/// <param name="Result">Set on the last update only. Its <see cref="LlmResult.Text"/> is the whole answer when Ok.</param>
public sealed record LlmStreamUpdate(string Delta, LlmResult? Result = null);
