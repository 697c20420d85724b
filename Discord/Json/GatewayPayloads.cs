using System.Text.Json.Serialization;
using AndyAI.Discord.Gateway;

namespace AndyAI.Discord.Json;

// Wire shapes of the gateway. Mutable, Json-prefixed, never part of the public API.

internal sealed class JsonHello
{
    [JsonPropertyName("heartbeat_interval")] public int HeartbeatInterval { get; set; }
}

internal sealed class JsonIdentifyPayload
{
    [JsonPropertyName("op")] public int Op { get; set; } = (int)GatewayOpcode.Identify;
    [JsonPropertyName("d")] public JsonIdentify D { get; set; } = new();
}

internal sealed class JsonIdentify
{
    [JsonPropertyName("token")] public string Token { get; set; } = "";
    [JsonPropertyName("intents")] public int Intents { get; set; }
    [JsonPropertyName("properties")] public JsonIdentifyProperties Properties { get; set; } = new();
    [JsonPropertyName("compress")] public bool Compress { get; set; }
    [JsonPropertyName("large_threshold")] public int LargeThreshold { get; set; } = 50;
    [JsonPropertyName("shard")] public int[] Shard { get; set; } = [0, 1];
}

internal sealed class JsonIdentifyProperties
{
    [JsonPropertyName("os")] public string Os { get; set; } = "linux";
    [JsonPropertyName("browser")] public string Browser { get; set; } = "AndyAI";
    [JsonPropertyName("device")] public string Device { get; set; } = "AndyAI";
}

internal sealed class JsonResumePayload
{
    [JsonPropertyName("op")] public int Op { get; set; } = (int)GatewayOpcode.Resume;
    [JsonPropertyName("d")] public JsonResume D { get; set; } = new();
}

internal sealed class JsonResume
{
    [JsonPropertyName("token")] public string Token { get; set; } = "";
    [JsonPropertyName("session_id")] public string SessionId { get; set; } = "";
    [JsonPropertyName("seq")] public int Seq { get; set; }
}

internal sealed class JsonReady
{
    [JsonPropertyName("v")] public int Version { get; set; }
    [JsonPropertyName("user")] public JsonUser? User { get; set; }
    [JsonPropertyName("session_id")] public string SessionId { get; set; } = "";
    [JsonPropertyName("resume_gateway_url")] public string? ResumeGatewayUrl { get; set; }
    [JsonPropertyName("application")] public JsonPartialApplication? Application { get; set; }
    [JsonPropertyName("guilds")] public JsonUnavailableGuild[]? Guilds { get; set; }
    [JsonPropertyName("shard")] public int[]? Shard { get; set; }
}

internal sealed class JsonPartialApplication
{
    [JsonPropertyName("id")] public ulong Id { get; set; }
}

internal sealed class JsonUnavailableGuild
{
    [JsonPropertyName("id")] public ulong Id { get; set; }
    [JsonPropertyName("unavailable")] public bool? Unavailable { get; set; }
}

internal sealed class JsonGuild
{
    [JsonPropertyName("id")] public ulong Id { get; set; }
    [JsonPropertyName("unavailable")] public bool? Unavailable { get; set; }
    [JsonPropertyName("owner_id"), JsonConverter(typeof(Lenient.LenientSnowflakeConverter))] public ulong? OwnerId { get; set; }
    [JsonPropertyName("roles")] public JsonRole[]? Roles { get; set; }
    [JsonPropertyName("channels")] public JsonChannel[]? Channels { get; set; }
    [JsonPropertyName("threads")] public JsonChannel[]? Threads { get; set; }
}

internal sealed class JsonRole
{
    [JsonPropertyName("id")] public ulong Id { get; set; }
    [JsonPropertyName("permissions"), JsonConverter(typeof(Lenient.LenientStringConverter))] public string? Permissions { get; set; }
    [JsonPropertyName("tags")] public JsonRoleTags? Tags { get; set; }
}

internal sealed class JsonRoleTags
{
    [JsonPropertyName("bot_id")] public ulong? BotId { get; set; }
}

internal sealed class JsonGuildRoleEvent
{
    [JsonPropertyName("guild_id")] public ulong GuildId { get; set; }
    [JsonPropertyName("role")] public JsonRole? Role { get; set; }
    [JsonPropertyName("role_id")] public ulong? RoleId { get; set; }
}

internal sealed class JsonChannel
{
    /// <summary>Announcement, public and private thread (Discord's channel types 10, 11, 12).</summary>
    public bool IsThread => Type is 10 or 11 or 12;

    [JsonPropertyName("id")] public ulong Id { get; set; }
    [JsonPropertyName("guild_id")] public ulong? GuildId { get; set; }
    [JsonPropertyName("type")] public int Type { get; set; }

    // A thread's text (or forum) channel.
    [JsonPropertyName("parent_id")] public ulong? ParentId { get; set; }
}

/// <summary>THREAD_LIST_SYNC: the active threads of (some channels of) a guild, sent when the bot gains access to them.</summary>
internal sealed class JsonThreadListSync
{
    [JsonPropertyName("guild_id")] public ulong GuildId { get; set; }
    [JsonPropertyName("threads")] public JsonChannel[]? Threads { get; set; }
}
