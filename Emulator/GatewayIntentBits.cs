namespace AndyAI.Emulator;

/// <summary>Gateway intent bits (https://discord.com/developers/docs/events/gateway#gateway-intents).</summary>
public static class GatewayIntentBits
{
    /// <summary>GUILDS.</summary>
    public const int Guilds = 1 << 0;
    /// <summary>GUILD_MEMBERS (privileged).</summary>
    public const int GuildMembers = 1 << 1;
    /// <summary>GUILD_PRESENCES (privileged).</summary>
    public const int GuildPresences = 1 << 8;
    /// <summary>GUILD_MESSAGES.</summary>
    public const int GuildMessages = 1 << 9;
    /// <summary>GUILD_MESSAGE_TYPING.</summary>
    public const int GuildMessageTyping = 1 << 11;
    /// <summary>DIRECT_MESSAGES.</summary>
    public const int DirectMessages = 1 << 12;
    /// <summary>DIRECT_MESSAGE_TYPING.</summary>
    public const int DirectMessageTyping = 1 << 14;
    /// <summary>MESSAGE_CONTENT (privileged).</summary>
    public const int MessageContent = 1 << 15;
    /// <summary>The three privileged intents.</summary>
    public const int PrivilegedMask = GuildMembers | GuildPresences | MessageContent;
    /// <summary>Every bit Discord defines up to DIRECT_MESSAGE_POLLS (1 &lt;&lt; 25); anything above is closed with 4013.</summary>
    public const int ValidMask = (1 << 26) - 1;
}
