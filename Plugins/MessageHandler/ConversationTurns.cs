using System.Text;
using AndyAI.Abstractions.Llm;
using AndyAI.Abstractions.Memory;

namespace AndyAI.Cogs.MessageHandler;

/// <summary>What the mention path and <c>/ask</c> share about an answered question: the turn they record, and the text checks of a stream.</summary>
internal static class ConversationTurns
{
    /// <summary>The turn an answered question adds to its conversation.</summary>
    public static ConversationTurn Answered(ulong userId, ulong channelId, ulong? guildId, ulong questionId, IReadOnlyList<ulong> answerIds,
        string prompt, LlmResult result, string? model, DateTimeOffset now) => new()
        {
            UserId = userId,
            ChannelId = channelId,
            GuildId = guildId,
            QuestionMessageId = questionId,
            AnswerMessageIds = answerIds,
            UserText = prompt,
            AnswerText = result.Text,
            Model = model,
            PromptTokens = result.Usage?.InputTokens ?? 0,
            CompletionTokens = result.Usage?.OutputTokens ?? 0,
            Timestamp = now,
        };

    /// <summary>Whether the streamed text so far is only white space (nothing worth showing yet).</summary>
    public static bool IsWhiteSpace(StringBuilder text)
    {
        foreach (ReadOnlyMemory<char> chunk in text.GetChunks())
        {
            if (!chunk.Span.IsWhiteSpace())
            {
                return false;
            }
        }

        return true;
    }
}
