namespace AndyAI.Discord.Interactions;

/// <summary>The kind of a message or modal component.</summary>
public enum ComponentType
{
    /// <summary>A row holding up to five buttons, or one select menu, or (in a modal) one text input.</summary>
    ActionRow = 1,
    /// <summary>A button.</summary>
    Button = 2,
    /// <summary>A select menu of options the bot lists.</summary>
    StringSelect = 3,
    /// <summary>A text field in a modal.</summary>
    TextInput = 4,
    /// <summary>A select menu of users.</summary>
    UserSelect = 5,
    /// <summary>A select menu of roles.</summary>
    RoleSelect = 6,
    /// <summary>A select menu of users and roles.</summary>
    MentionableSelect = 7,
    /// <summary>A select menu of channels.</summary>
    ChannelSelect = 8,
}
