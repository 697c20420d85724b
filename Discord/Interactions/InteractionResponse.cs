namespace AndyAI.Discord.Interactions;

/// <summary>The first answer to an interaction; build one with the static methods. Discord takes exactly one, within 3 seconds.</summary>
public sealed class InteractionResponse
{
    private InteractionResponse(InteractionResponseType type) => Type = type;

    /// <summary>What the answer does.</summary>
    public InteractionResponseType Type { get; private init; }

    /// <summary>The message of <see cref="InteractionResponseType.ChannelMessageWithSource"/> or <see cref="InteractionResponseType.UpdateMessage"/>.</summary>
    public InteractionMessage? Message { get; private init; }

    /// <summary>Whether a deferred message will be ephemeral.</summary>
    public bool IsEphemeral { get; private init; }

    /// <summary>The suggestions of an autocomplete result (at most 25).</summary>
    public IReadOnlyList<ApplicationCommandChoice>? Choices { get; private init; }

    /// <summary>A modal's custom id.</summary>
    public string? ModalCustomId { get; private init; }

    /// <summary>A modal's title (1–45 characters).</summary>
    public string? ModalTitle { get; private init; }

    /// <summary>A modal's rows of text inputs (1–5).</summary>
    public IReadOnlyList<MessageComponent>? ModalComponents { get; private init; }

    /// <summary>Answers a ping.</summary>
    public static InteractionResponse Pong() => new(InteractionResponseType.Pong);

    /// <summary>Posts <paramref name="message"/>.</summary>
    public static InteractionResponse ChannelMessage(InteractionMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(InteractionResponseType.ChannelMessageWithSource) { Message = message, IsEphemeral = message.IsEphemeral };
    }

    /// <summary>Shows "thinking…"; send the message later by editing the original response (within 15 minutes).</summary>
    public static InteractionResponse DeferChannelMessage(bool ephemeral = false) =>
        new(InteractionResponseType.DeferredChannelMessageWithSource) { IsEphemeral = ephemeral };

    /// <summary>For components: acknowledges without a visible change.</summary>
    public static InteractionResponse DeferUpdate() => new(InteractionResponseType.DeferredUpdateMessage);

    /// <summary>For components: edits the message the component is on.</summary>
    public static InteractionResponse UpdateMessage(InteractionMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(InteractionResponseType.UpdateMessage) { Message = message };
    }

    /// <summary>For autocomplete: up to 25 suggestions.</summary>
    /// <exception cref="ArgumentOutOfRangeException">More than 25 choices.</exception>
    /// <exception cref="ArgumentException">A suggestion's name over 100 characters, or a string value over 100.</exception>
    public static InteractionResponse Autocomplete(IReadOnlyList<ApplicationCommandChoice> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        if (choices.Count > 25) throw new ArgumentOutOfRangeException(nameof(choices), choices.Count, "At most 25 choices.");
        // Suggestions are often built from data (titles, file names): one over Discord's limit makes it refuse them all
        // (50035), and the user sees "Loading options failed".
        if (choices.Any(c => c is null || c.Name.Length > 100 || c.Value is string { Length: > 100 }))
        {
            throw new ArgumentException("An autocomplete suggestion's name and string value are at most 100 characters.", nameof(choices));
        }

        return new(InteractionResponseType.ApplicationCommandAutocompleteResult) { Choices = [.. choices] };
    }

    /// <summary>Opens a modal with 1–5 rows, each holding one text input.</summary>
    /// <exception cref="ArgumentException">A missing id or title, a title over 45 characters, or not 1–5 rows.</exception>
    public static InteractionResponse Modal(string customId, string title, IReadOnlyList<MessageComponent> components)
    {
        ArgumentException.ThrowIfNullOrEmpty(customId);
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        ArgumentNullException.ThrowIfNull(components);
        if (title.Length > 45) throw new ArgumentOutOfRangeException(nameof(title), title.Length, "A modal title is at most 45 characters.");
        if (components.Count is 0 or > 5) throw new ArgumentException("A modal has 1 to 5 rows.", nameof(components));
        return new(InteractionResponseType.Modal) { ModalCustomId = customId, ModalTitle = title, ModalComponents = [.. components] };
    }
}
