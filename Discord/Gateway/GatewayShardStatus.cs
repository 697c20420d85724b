namespace AndyAI.Discord.Gateway;

/// <summary>Where a shard's connection stands.</summary>
internal enum GatewayShardStatus
{
    Created,
    Connecting,
    Identifying,
    Resuming,
    Ready,
    Reconnecting,
    Stopped,
    Faulted,
}
