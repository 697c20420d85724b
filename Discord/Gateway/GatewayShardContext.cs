using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace AndyAI.Discord.Gateway;

/// <summary>What all shards of one process share. <paramref name="Coordinator"/> hears of each session's progress when several processes share the bot.</summary>
internal sealed record GatewayShardContext(
    DiscordClientOptions Options,
    IGatewayConnectionFactory Connections,
    IdentifyGate IdentifyGate,
    MessageCreateFilter Filter,
    GatewayState State,
    ChannelWriter<GatewayEvent> Events,
    TimeProvider Time,
    Random Random,
    ILogger Logger,
    IShardCoordinator? Coordinator = null);
