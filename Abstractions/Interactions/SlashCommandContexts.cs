namespace AndyAI.Abstractions.Interactions;

/// <summary>Where a slash command can be used.</summary>
[Flags]
public enum SlashCommandContexts
{
    /// <summary>Nowhere (invalid for a command).</summary>
    None = 0,

    /// <summary>In servers.</summary>
    Guild = 1,

    /// <summary>In direct messages with the bot.</summary>
    BotDm = 2,
}
