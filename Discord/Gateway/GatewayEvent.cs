using AndyAI.Discord.Json;

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

/// <summary>A parsed dispatch handed from a shard's receive loop to the dispatcher.</summary>
internal sealed record GatewayEvent(GatewayEventKind Kind, int ShardId, JsonMessage? Message = null, ulong GuildId = 0, Exception? Error = null, JsonInteraction? Interaction = null);
