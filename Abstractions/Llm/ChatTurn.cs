namespace AndyAI.Abstractions.Llm;

/// <summary>One turn of a conversation.</summary>
/// <param name="Role">Who said it.</param>
/// <param name="Text">What was said.</param>
public readonly record struct ChatTurn(ChatRole Role, string Text);
