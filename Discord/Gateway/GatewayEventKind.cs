namespace AndyAI.Discord.Gateway;

internal enum GatewayEventKind
{
    Ready,
    Resumed,
    GuildAvailable,
    MessageCreate,
    InteractionCreate,
    Stopped,
}
