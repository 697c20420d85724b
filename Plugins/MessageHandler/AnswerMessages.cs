using AndyAI.Abstractions.Discord;

namespace AndyAI.Cogs.MessageHandler;

/// <summary>
/// The messages that carry one answer. Each is a reply to the question (so the answer stays attached to it in a
/// busy channel). While streaming, <see cref="ShowAsync"/> brings them up to date with the text so far: finished
/// pages are edited to their final text and new pages are posted; the splitter's pages are stable as text grows,
/// so a page that is complete never changes again.
/// </summary>
internal sealed class AnswerMessages(IDiscordBot discord, ulong channelId, ulong replyToMessageId)
{
    private readonly List<(ulong Id, string Content)> _posted = [];

    public int Count => _posted.Count;

    /// <summary>The ids of the messages posted so far, in order.</summary>
    public ulong[] MessageIds => [.. _posted.Select(p => p.Id)];

    /// <summary>
    /// Whether every posted message has a known id. The host reports id 0 for a post Discord confirmed without a
    /// readable body; an edit of it fails as "Unknown Message" although nobody deleted anything.
    /// </summary>
    public bool AllIdsKnown => _posted.TrueForAll(p => p.Id != 0);

    /// <summary>Called once, when the first message of the answer has been posted (the answer's first-reply latency).</summary>
    public Action? FirstPosted { get; init; }

    /// <summary>Makes the posted messages show <paramref name="text"/>, posting, editing and (for a shorter final text) deleting as needed.</summary>
    public async Task ShowAsync(string text, bool isFinal, CancellationToken cancellationToken)
    {
        List<string> pages = MessageSplitter.Split(text, OutgoingMessage.MaxContentLength);
        for (int i = 0; i < pages.Count; i++)
        {
            if (i < _posted.Count)
            {
                if (!string.Equals(_posted[i].Content, pages[i], StringComparison.Ordinal))
                {
                    await discord.EditMessageAsync(channelId, _posted[i].Id, pages[i], cancellationToken);
                    _posted[i] = (_posted[i].Id, pages[i]);
                }
            }
            else
            {
                DiscordMessage sent = await discord.SendMessageAsync(
                    channelId,
                    new OutgoingMessage(pages[i]) { ReplyToMessageId = replyToMessageId },
                    cancellationToken);
                _posted.Add((sent.Id, pages[i]));
                if (_posted.Count == 1)
                {
                    FirstPosted?.Invoke();
                }
            }
        }

        if (isFinal)
        {
            while (_posted.Count > pages.Count)
            {
                await discord.DeleteMessageAsync(channelId, _posted[^1].Id, cancellationToken);
                _posted.RemoveAt(_posted.Count - 1);
            }
        }
    }

    /// <summary>
    /// Marks a partly shown answer as cut: <paramref name="note"/> is appended to the last message, or posted as a
    /// reply of its own when that message has no room left.
    /// </summary>
    public async Task MarkCutAsync(string note, CancellationToken cancellationToken)
    {
        (ulong id, string content) = _posted[^1];
        string marked = $"{MessageSplitter.CloseOpenCodeBlock(content)}\n\n{note}"; // a note inside an open code block would read as code
        if (marked.Length <= OutgoingMessage.MaxContentLength)
        {
            await discord.EditMessageAsync(channelId, id, marked, cancellationToken);
            _posted[^1] = (id, marked);
            return;
        }

        DiscordMessage sent = await discord.SendMessageAsync(channelId, new OutgoingMessage(note) { ReplyToMessageId = replyToMessageId }, cancellationToken);
        _posted.Add((sent.Id, note));
    }
}
