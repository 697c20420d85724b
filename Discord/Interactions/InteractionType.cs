namespace AndyAI.Discord.Interactions;

/// <summary>What caused an interaction (Discord's interaction type).</summary>
public enum InteractionType
{
    /// <summary>Discord checking an HTTP endpoint; never sent over the gateway.</summary>
    Ping = 1,
    /// <summary>A slash command or a user/message context-menu command.</summary>
    ApplicationCommand = 2,
    /// <summary>A button press or a select-menu choice on a message.</summary>
    MessageComponent = 3,
    /// <summary>The user is typing into an option marked for autocomplete.</summary>
    ApplicationCommandAutocomplete = 4,
    /// <summary>A modal was submitted.</summary>
    ModalSubmit = 5,
}
