namespace AndyAI.Emulator.OpenAi;

/// <summary>One chat message as the fake received it.</summary>
/// <param name="Role">system, user, assistant, developer or tool.</param>
/// <param name="Content">The text (content parts concatenated).</param>
public sealed record OpenAiFakeMessage(string Role, string Content);
