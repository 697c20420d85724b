namespace AndyAI.Abstractions.Discord;

/// <summary>Which incoming messages a subscriber wants. The narrower, the cheaper: the client skips the rest unparsed.</summary>
[Flags]
public enum MessageInterest
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>Guild messages that mention the bot (<c>&lt;@id&gt;</c>, <c>&lt;@!id&gt;</c> or its managed role).</summary>
    Mentions = 1,

    /// <summary>Direct messages to the bot.</summary>
    DirectMessages = 2,

    /// <summary>Messages whose content starts with the command prefix (see <see cref="Commands.ICommandRegistry.Prefix"/>).</summary>
    Prefixed = 4,

    /// <summary>Every message the bot can see, including its own.</summary>
    All = 0x7FFF_FFFF,
}
