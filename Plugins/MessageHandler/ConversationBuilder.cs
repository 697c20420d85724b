using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Llm;
using AndyAI.Abstractions.Memory;
using Microsoft.Extensions.Logging;

namespace AndyAI.Cogs.MessageHandler;

/// <summary>
/// Builds the conversation for a question. The host's conversation memory comes first: the stored turns of the
/// conversation it continues (a reply chain, or the user's recent questions in the channel). A reply the memory does
/// not know (older than the memory, or posted while it was down) gets its reply chain from Discord: the referenced
/// message, then its parents fetched through REST, the bot's own messages as assistant turns. Either way bounded by a
/// count of messages and a count of characters; the newest turns are kept.
/// </summary>
internal sealed class ConversationBuilder(IDiscordBot discord, MessageHandlerSettings settings, ILogger logger)
{
    public async Task<ChatTurn[]> BuildAsync(DiscordMessage question, string prompt, ulong botUserId, ConversationHistory history, CancellationToken cancellationToken)
    {
        if (settings.HistoryMaxMessages > 0 && history.Turns.Count > 0)
        {
            return FromMemory(history, prompt);
        }

        if (settings.HistoryMaxMessages == 0 || question.ReferencedMessageId is null && question.ReferencedMessage is null)
        {
            return [new ChatTurn(ChatRole.User, prompt)];
        }

        var earlier = new List<ChatTurn>(Math.Min(settings.HistoryMaxMessages, 8));
        int characters = 0;
        // Every fetch is a REST request; a chain that loops or is made of empty messages must still end.
        int fetchesLeft = settings.HistoryMaxMessages * 2;
        var seen = new HashSet<ulong> { question.Id };

        DiscordMessage? current = question.ReferencedMessage
            ?? await FetchAsync(question.ChannelId, question.ReferencedMessageId!.Value, question.Id, cancellationToken);
        fetchesLeft--;
        while (current is not null && earlier.Count < settings.HistoryMaxMessages && seen.Add(current.Id))
        {
            bool fromBot = current.Author.Id == botUserId;
            string text = fromBot ? current.Content.Trim() : PromptExtractor.Extract(current.Content, botUserId, current.BotRoleId ?? question.BotRoleId);
            if (text.Length > 0)
            {
                if (characters + text.Length > settings.HistoryMaxCharacters)
                {
                    break;
                }

                characters += text.Length;
                earlier.Add(new ChatTurn(fromBot ? ChatRole.Assistant : ChatRole.User, text));
                if (earlier.Count == settings.HistoryMaxMessages)
                {
                    break; // full: do not fetch a parent we would not use
                }
            }

            if (current.ReferencedMessage is { } parent)
            {
                current = parent;
            }
            else if (current.ReferencedMessageId is { } parentId && fetchesLeft-- > 0)
            {
                current = await FetchAsync(question.ChannelId, parentId, question.Id, cancellationToken);
            }
            else
            {
                current = null;
            }
        }

        var turns = new ChatTurn[earlier.Count + 1];
        for (int i = 0; i < earlier.Count; i++)
        {
            turns[i] = earlier[earlier.Count - 1 - i];
        }

        turns[^1] = new ChatTurn(ChatRole.User, prompt);
        return turns;
    }

    /// <summary>The stored turns within the budgets (newest kept), then <paramref name="prompt"/>.</summary>
    internal ChatTurn[] FromMemory(ConversationHistory history, string prompt)
    {
        // Newest first, within the budgets: an answer and its question count as two messages.
        var earlier = new List<ChatTurn>(Math.Min(settings.HistoryMaxMessages, history.Turns.Count * 2));
        int characters = 0;
        for (int i = history.Turns.Count - 1; i >= 0 && earlier.Count < settings.HistoryMaxMessages; i--)
        {
            ConversationTurn turn = history.Turns[i];
            if (!TryAdd(earlier, ref characters, new ChatTurn(ChatRole.Assistant, turn.AnswerText))
                || earlier.Count == settings.HistoryMaxMessages
                || !TryAdd(earlier, ref characters, new ChatTurn(ChatRole.User, turn.UserText)))
            {
                break;
            }
        }

        var turns = new ChatTurn[earlier.Count + 1];
        for (int i = 0; i < earlier.Count; i++)
        {
            turns[i] = earlier[earlier.Count - 1 - i];
        }

        turns[^1] = new ChatTurn(ChatRole.User, prompt);
        return turns;
    }

    private bool TryAdd(List<ChatTurn> earlier, ref int characters, ChatTurn turn)
    {
        if (characters + turn.Text.Length > settings.HistoryMaxCharacters)
        {
            return false;
        }

        characters += turn.Text.Length;
        earlier.Add(turn);
        return true;
    }

    /// <summary>A message of the chain, or null when it is gone or cannot be read: the question is answered with less context.</summary>
    private async Task<DiscordMessage?> FetchAsync(ulong channelId, ulong messageId, ulong questionId, CancellationToken cancellationToken)
    {
        try
        {
            return await discord.GetMessageAsync(channelId, messageId, cancellationToken);
        }
        catch (DiscordApiException ex)
        {
            Log.HistoryFetchFailed(logger, ex, messageId, questionId);
            return null;
        }
    }
}
