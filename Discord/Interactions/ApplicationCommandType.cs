namespace AndyAI.Discord.Interactions;

/// <summary>Where a command appears in Discord's client.</summary>
public enum ApplicationCommandType
{
    /// <summary>A slash command typed in the chat box.</summary>
    ChatInput = 1,
    /// <summary>A command in a user's context menu.</summary>
    User = 2,
    /// <summary>A command in a message's context menu.</summary>
    Message = 3,
}
