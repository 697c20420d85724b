namespace AndyAI.Discord.Interactions;

/// <summary>The first answer to an interaction (Discord's interaction callback type).</summary>
public enum InteractionResponseType
{
    /// <summary>Answers a <see cref="InteractionType.Ping"/>.</summary>
    Pong = 1,
    /// <summary>Posts a message.</summary>
    ChannelMessageWithSource = 4,
    /// <summary>Shows "thinking…"; the message follows by editing the original response.</summary>
    DeferredChannelMessageWithSource = 5,
    /// <summary>For components: acknowledges now, edits the component's message later (or never).</summary>
    DeferredUpdateMessage = 6,
    /// <summary>For components: edits the message the component is on.</summary>
    UpdateMessage = 7,
    /// <summary>For autocomplete: the suggested choices.</summary>
    ApplicationCommandAutocompleteResult = 8,
    /// <summary>Opens a modal (not for autocomplete or modal-submit interactions).</summary>
    Modal = 9,
}
