namespace AndyAI.Discord.Gateway;

/// <summary>The event names the client acts on; everything else is counted and ignored.</summary>
internal enum GatewayEventName
{
    None,
    Unknown,
    Ready,
    Resumed,
    GuildCreate,
    GuildDelete,
    GuildRoleCreate,
    GuildRoleUpdate,
    GuildRoleDelete,
    ChannelCreate,
    ChannelUpdate,
    ChannelDelete,
    MessageCreate,
    InteractionCreate,
    ThreadCreate,
    ThreadUpdate,
    ThreadDelete,
    ThreadListSync,
}
