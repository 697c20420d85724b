using System.Text.Json.Serialization;

namespace AndyAI.Emulator.Control;

internal sealed class JsonControlWorld
{
    [JsonPropertyName("rest_base_url")] public string RestBaseUrl { get; set; } = "";
    [JsonPropertyName("gateway_url")] public string GatewayUrl { get; set; } = "";
    [JsonPropertyName("control_url")] public string ControlUrl { get; set; } = "";
    [JsonPropertyName("bot_token")] public string BotToken { get; set; } = "";
    [JsonPropertyName("bot_user_id")] public string BotUserId { get; set; } = "";
    [JsonPropertyName("application_id")] public string ApplicationId { get; set; } = "";
    [JsonPropertyName("guild_id")] public string GuildId { get; set; } = "";
    [JsonPropertyName("channel_id")] public string ChannelId { get; set; } = "";
    [JsonPropertyName("bot_role_id")] public string BotRoleId { get; set; } = "";
    [JsonPropertyName("moderator_role_id")] public string ModeratorRoleId { get; set; } = "";
    [JsonPropertyName("owner_user_id")] public string OwnerUserId { get; set; } = "";
    [JsonPropertyName("user_ids")] public string[] UserIds { get; set; } = [];
    [JsonPropertyName("connections")] public int Connections { get; set; }
    [JsonPropertyName("sessions")] public int Sessions { get; set; }
    [JsonPropertyName("invalid_requests_10m")] public int InvalidRequests { get; set; }
}

internal sealed class JsonControlPostMessage
{
    [JsonPropertyName("author_id"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] public ulong AuthorId { get; set; }
    [JsonPropertyName("channel_id"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] public ulong ChannelId { get; set; }
    [JsonPropertyName("content")] public string? Content { get; set; }
    [JsonPropertyName("reply_to"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] public ulong? ReplyTo { get; set; }
}

internal sealed class JsonControlFlood
{
    [JsonPropertyName("count")] public int? Count { get; set; }
    [JsonPropertyName("mention_every")] public int? MentionEvery { get; set; }
    [JsonPropertyName("authors")] public int? Authors { get; set; }
    [JsonPropertyName("channel_id"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] public ulong? ChannelId { get; set; }
    [JsonPropertyName("content")] public string? Content { get; set; }
    [JsonPropertyName("wait")] public bool Wait { get; set; }
}

internal sealed class JsonControlFloodStatus
{
    [JsonPropertyName("running")] public bool Running { get; set; }
    [JsonPropertyName("sent")] public long Sent { get; set; }
    [JsonPropertyName("total")] public long Total { get; set; }
    [JsonPropertyName("mentions"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? Mentions { get; set; }
    [JsonPropertyName("elapsed_ms")] public double ElapsedMs { get; set; }
    [JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Error { get; set; }
}

internal sealed class JsonControlFault
{
    [JsonPropertyName("kind")] public string? Kind { get; set; }
    [JsonPropertyName("code")] public int? Code { get; set; }
    [JsonPropertyName("reason")] public string? Reason { get; set; }
    [JsonPropertyName("resumable")] public bool? Resumable { get; set; }
    [JsonPropertyName("count")] public int? Count { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("retry_after")] public double? RetryAfter { get; set; }
    [JsonPropertyName("delay_ms")] public double? DelayMs { get; set; }
    [JsonPropertyName("intents")] public int? Intents { get; set; }
}

internal sealed class JsonControlRequest
{
    [JsonPropertyName("method")] public string Method { get; set; } = "";
    [JsonPropertyName("path")] public string Path { get; set; } = "";
    [JsonPropertyName("route")] public string Route { get; set; } = "";
    [JsonPropertyName("status")] public int Status { get; set; }
    [JsonPropertyName("timestamp")] public string Timestamp { get; set; } = "";
    [JsonPropertyName("body")] public string? Body { get; set; }
}

/// <summary>Body of the interaction control endpoints (commands, components, modals); each reads the fields it needs.</summary>
internal sealed class JsonControlInteraction
{
    [JsonPropertyName("user_id"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] public ulong UserId { get; set; }
    [JsonPropertyName("channel_id"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] public ulong ChannelId { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("options")] public JsonControlOption[]? Options { get; set; }
    [JsonPropertyName("autocomplete")] public bool Autocomplete { get; set; }
    [JsonPropertyName("message_id"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] public ulong MessageId { get; set; }
    [JsonPropertyName("custom_id")] public string? CustomId { get; set; }
    [JsonPropertyName("values")] public string[]? Values { get; set; }
    [JsonPropertyName("interaction_id"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] public ulong InteractionId { get; set; }
    [JsonPropertyName("modal_values")] public Dictionary<string, string>? ModalValues { get; set; }
}

internal sealed class JsonControlOption
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("value")] public System.Text.Json.JsonElement? Value { get; set; }
    [JsonPropertyName("focused")] public bool Focused { get; set; }
    [JsonPropertyName("options")] public JsonControlOption[]? Options { get; set; }
}

internal sealed class JsonControlInteractionResponse
{
    [JsonPropertyName("kind")] public string Kind { get; set; } = "";
    [JsonPropertyName("interaction_id")] public string InteractionId { get; set; } = "";
    [JsonPropertyName("type")] public int? Type { get; set; }
    [JsonPropertyName("content")] public string? Content { get; set; }
    [JsonPropertyName("flags")] public int? Flags { get; set; }
    [JsonPropertyName("ephemeral")] public bool Ephemeral { get; set; }
    [JsonPropertyName("message_id")] public string? MessageId { get; set; }
    [JsonPropertyName("status")] public int Status { get; set; }
    [JsonPropertyName("code")] public int Code { get; set; }
    [JsonPropertyName("timestamp")] public string Timestamp { get; set; } = "";
}
