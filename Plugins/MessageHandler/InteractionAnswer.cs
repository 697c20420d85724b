using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Interactions;

namespace AndyAI.Cogs.MessageHandler;

/// <summary>
/// The messages that carry one answer to an interaction: the first page in the interaction's original response (or
/// in a follow-up, for a continuation), further pages in follow-ups. While streaming, <see cref="ShowAsync"/> brings
/// them up to date with the text so far; the buttons ride on the last page only. The splitter's pages are stable as
/// the text grows, so a finished page is edited once more at most (to drop its buttons).
/// </summary>
internal sealed class InteractionAnswer(IInteractionContext interaction, bool ephemeral, bool startInOriginal)
{
    private readonly List<Page> _posted = [];

    public int Count => _posted.Count;

    /// <summary>The follow-ups' message ids (the original response's id is Discord's to know).</summary>
    public IReadOnlyList<ulong> FollowUpIds => [.. _posted.Where(p => p.FollowUpId is not null).Select(p => p.FollowUpId!.Value)];

    /// <summary>The text the messages show now, pages joined.</summary>
    public string Shown => string.Concat(_posted.Select(p => p.Content));

    /// <summary>Makes the messages show <paramref name="text"/> with <paramref name="buttons"/> under the last one.</summary>
    public async Task ShowAsync(string text, IReadOnlyList<InteractionComponent> buttons, bool isFinal, CancellationToken cancellationToken)
    {
        List<string> pages = MessageSplitter.Split(text, OutgoingMessage.MaxContentLength);
        string buttonKey = string.Join('\n', buttons.Select(b => b.CustomId + "=" + b.Label));
        for (int i = 0; i < pages.Count; i++)
        {
            bool last = i == pages.Count - 1;
            IReadOnlyList<InteractionComponent> components = last ? buttons : [];
            string key = last ? buttonKey : "";
            if (i < _posted.Count)
            {
                Page page = _posted[i];
                if (!string.Equals(page.Content, pages[i], StringComparison.Ordinal) || !string.Equals(page.ButtonKey, key, StringComparison.Ordinal))
                {
                    await EditAsync(page, new InteractionReply(pages[i]) { Components = components }, cancellationToken);
                    _posted[i] = page with { Content = pages[i], ButtonKey = key };
                }
            }
            else
            {
                var reply = new InteractionReply(pages[i]) { Components = components, Ephemeral = ephemeral };
                ulong? id = null;
                if (i == 0 && startInOriginal)
                {
                    await interaction.EditOriginalAsync(reply, cancellationToken);
                }
                else
                {
                    id = await interaction.SendFollowUpAsync(reply, cancellationToken);
                }

                _posted.Add(new Page(id, pages[i], key));
            }
        }

        if (isFinal)
        {
            // A final text shorter than what streamed (rare: the provider's final text differs): drop the extra pages.
            while (_posted.Count > Math.Max(1, pages.Count) && _posted[^1].FollowUpId is { } id)
            {
                await interaction.DeleteFollowUpAsync(id, cancellationToken);
                _posted.RemoveAt(_posted.Count - 1);
            }
        }
    }

    private Task EditAsync(Page page, InteractionReply reply, CancellationToken cancellationToken) => page.FollowUpId is { } id
        ? interaction.EditFollowUpAsync(id, reply, cancellationToken)
        : interaction.EditOriginalAsync(reply, cancellationToken);

    /// <param name="FollowUpId">The follow-up's id; <see langword="null"/> for the original response.</param>
    private sealed record Page(ulong? FollowUpId, string Content, string ButtonKey);
}
