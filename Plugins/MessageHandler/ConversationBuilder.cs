using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Llm;
using Microsoft.Extensions.Logging;

namespace AndyAI.Cogs.MessageHandler;

/// <summary>
/// Builds the conversation for a question: when it replies to an earlier message, the reply chain (the referenced
/// message, then its parents fetched through REST) becomes earlier turns, the bot's own messages as assistant
/// turns. Bounded by a count of messages and a count of characters; the newest turns are kept.
/// </summary>
internal sealed class ConversationBuilder(IDiscordBot discord, MessageHandlerSettings settings, ILogger logger)
{
    public async Task<ChatTurn[]> BuildAsync(DiscordMessage question, string prompt, ulong botUserId, CancellationToken cancellationToken)
    {
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
