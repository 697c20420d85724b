using AndyAI.Discord.Json;

namespace AndyAI.Discord.Gateway;

/// <summary>A parsed dispatch handed from a shard's receive loop to the dispatcher.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="ShardId">The shard it came from.</param>
/// <param name="Message">MESSAGE_CREATE's message.</param>
/// <param name="GuildId">GUILD_CREATE's guild.</param>
/// <param name="Error">Why the gateway stopped.</param>
/// <param name="Interaction">INTERACTION_CREATE's interaction.</param>
/// <param name="ReceivedAt">For a MESSAGE_CREATE, the client's <see cref="TimeProvider"/> timestamp when its frame was read and parsed; else 0.</param>
/// <param name="Sequence">For a MESSAGE_CREATE or INTERACTION_CREATE, the dispatch's sequence number (a coordinated shard stores it once the event was delivered); else 0.</param>
internal sealed record GatewayEvent(GatewayEventKind Kind, int ShardId, JsonMessage? Message = null, ulong GuildId = 0, Exception? Error = null, JsonInteraction? Interaction = null,
    long ReceivedAt = 0, int Sequence = 0);
