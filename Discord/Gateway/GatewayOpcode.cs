namespace AndyAI.Discord.Gateway;

/// <summary>Gateway opcodes (Discord's "Gateway Opcodes" table); the envelope's <c>op</c> cast to this.</summary>
internal enum GatewayOpcode
{
    Dispatch = 0,
    Heartbeat = 1,
    Identify = 2,
    PresenceUpdate = 3,
    VoiceStateUpdate = 4,
    Resume = 6,
    Reconnect = 7,
    RequestGuildMembers = 8,
    InvalidSession = 9,
    Hello = 10,
    HeartbeatAck = 11,
}
