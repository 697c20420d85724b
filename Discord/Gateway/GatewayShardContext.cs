using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace AndyAI.Discord.Gateway;

/// <summary>What all shards of one process share.</summary>
internal sealed record GatewayShardContext(
    DiscordClientOptions Options,
    IGatewayConnectionFactory Connections,
    IdentifyGate IdentifyGate,
    MessageCreateFilter Filter,
    GatewayState State,
    ChannelWriter<GatewayEvent> Events,
    TimeProvider Time,
    Random Random,
    ILogger Logger);
