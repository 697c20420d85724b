namespace AndyAI.Discord.Interactions;

/// <summary>Where a command may be used (a command's <c>contexts</c>).</summary>
public enum InteractionContextType
{
    /// <summary>In a server.</summary>
    Guild = 0,
    /// <summary>In the bot's DM.</summary>
    BotDm = 1,
    /// <summary>In group DMs and other users' DMs (user-installed apps only).</summary>
    PrivateChannel = 2,
}
