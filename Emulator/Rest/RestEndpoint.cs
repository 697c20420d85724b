namespace AndyAI.Emulator.Rest;

internal enum RestEndpoint
{
    NotFound,
    Gateway,
    GatewayBot,
    CurrentUser,
    User,
    CurrentUserGuilds,
    CreateDm,
    CurrentApplication,
    Channel,
    Messages,
    Message,
    Typing,
    Guild,
    GuildChannels,
    GuildRoles,
    GuildMember,
    ApplicationCommands,
    ApplicationCommand,
    InteractionCallback,
    Webhook,
    WebhookMessage,
}
