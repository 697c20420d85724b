namespace AndyAI.Cogs.MessageHandler;

/// <summary>What the buttons under an <c>/ask</c> answer need: who asked, what, and the answer so far.</summary>
/// <param name="AskerId">Only this user may press the buttons.</param>
/// <param name="Prompt">The question.</param>
/// <param name="Answer">The answer shown (all of it, continuations included).</param>
/// <param name="Private">Whether the answer is ephemeral.</param>
/// <param name="Created">When the answer was written.</param>
/// <param name="QuestionId">The /ask interaction's id, which the conversation memory keeps as the question's (0 when unknown).</param>
internal sealed record AskState(ulong AskerId, string Prompt, string Answer, bool Private, DateTimeOffset Created, ulong QuestionId = 0);
