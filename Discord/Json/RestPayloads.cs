using System.Text.Json.Serialization;
using AndyAI.Discord.Json.Lenient;

namespace AndyAI.Discord.Json;

internal sealed class JsonUser
{
    [JsonPropertyName("id")] public ulong Id { get; set; }
    [JsonPropertyName("username"), JsonConverter(typeof(LenientStringConverter))] public string? Username { get; set; }
    [JsonPropertyName("global_name"), JsonConverter(typeof(LenientStringConverter))] public string? GlobalName { get; set; }
    [JsonPropertyName("bot"), JsonConverter(typeof(LenientBooleanConverter))] public bool Bot { get; set; }
}

// Only id, channel_id and author (with its id) must be readable; every other field is optional and read leniently
// (an unreadable value becomes null/0/false), because Discord and compatible servers change shapes without notice.
internal sealed class JsonMessage
{
    [JsonPropertyName("id")] public ulong Id { get; set; }
    [JsonPropertyName("channel_id")] public ulong ChannelId { get; set; }
    [JsonPropertyName("guild_id"), JsonConverter(typeof(LenientSnowflakeConverter))] public ulong? GuildId { get; set; }
    [JsonPropertyName("author")] public JsonUser? Author { get; set; }
    [JsonPropertyName("member"), JsonConverter(typeof(LenientObjectConverter<JsonInteractionMember>))] public JsonInteractionMember? Member { get; set; }
    [JsonPropertyName("webhook_id"), JsonConverter(typeof(LenientSnowflakeConverter))] public ulong? WebhookId { get; set; }
    [JsonPropertyName("content"), JsonConverter(typeof(LenientStringConverter))] public string? Content { get; set; }
    [JsonPropertyName("timestamp"), JsonConverter(typeof(LenientTimestampConverter))] public DateTimeOffset? Timestamp { get; set; }
    [JsonPropertyName("edited_timestamp"), JsonConverter(typeof(LenientTimestampConverter))] public DateTimeOffset? EditedTimestamp { get; set; }
    [JsonPropertyName("mention_everyone"), JsonConverter(typeof(LenientBooleanConverter))] public bool MentionEveryone { get; set; }
    [JsonPropertyName("mentions"), JsonConverter(typeof(LenientObjectConverter<JsonUser[]>))] public JsonUser[]? Mentions { get; set; }
    [JsonPropertyName("mention_roles"), JsonConverter(typeof(LenientSnowflakeArrayConverter))] public ulong[]? MentionRoles { get; set; }
    [JsonPropertyName("message_reference"), JsonConverter(typeof(LenientObjectConverter<JsonMessageReference>))] public JsonMessageReference? MessageReference { get; set; }
    [JsonPropertyName("referenced_message"), JsonConverter(typeof(LenientObjectConverter<JsonMessage>))] public JsonMessage? ReferencedMessage { get; set; }
    [JsonPropertyName("type"), JsonConverter(typeof(LenientInt32Converter))] public int Type { get; set; }

    // Set by Discord only on messages in threads (their approximate position): how a message tells it is in one.
    [JsonPropertyName("position"), JsonConverter(typeof(LenientDoubleConverter))] public double? Position { get; set; }
}

internal sealed class JsonMessageReference
{
    // Sent as a string: Discord accepts both, and strings survive JavaScript clients reading our recordings. Read
    // leniently: a compatible server sent "channel_id": "" on DM replies.
    [JsonPropertyName("message_id")]
    [JsonConverter(typeof(LenientSnowflakeConverter))]
    public ulong? MessageId { get; set; }

    [JsonPropertyName("channel_id")]
    [JsonConverter(typeof(LenientSnowflakeConverter))]
    public ulong? ChannelId { get; set; }

    [JsonPropertyName("guild_id")]
    [JsonConverter(typeof(LenientSnowflakeConverter))]
    public ulong? GuildId { get; set; }

    [JsonPropertyName("fail_if_not_exists")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? FailIfNotExists { get; set; }
}

internal sealed class JsonAllowedMentions
{
    [JsonPropertyName("parse")] public string[] Parse { get; set; } = [];

    [JsonPropertyName("users")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string[]? Users { get; set; }

    [JsonPropertyName("replied_user")] public bool RepliedUser { get; set; }
}

internal sealed class JsonCreateMessage
{
    [JsonPropertyName("content")] public string Content { get; set; } = "";

    [JsonPropertyName("nonce")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Nonce { get; set; }

    [JsonPropertyName("enforce_nonce")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool EnforceNonce { get; set; }

    [JsonPropertyName("message_reference")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonMessageReference? MessageReference { get; set; }

    [JsonPropertyName("allowed_mentions")] public JsonAllowedMentions AllowedMentions { get; set; } = new();
}

internal sealed class JsonEditMessage
{
    [JsonPropertyName("content")] public string Content { get; set; } = "";
    [JsonPropertyName("allowed_mentions")] public JsonAllowedMentions AllowedMentions { get; set; } = new();
}

internal sealed class JsonGatewayBot
{
    [JsonPropertyName("url")] public string Url { get; set; } = "";
    [JsonPropertyName("shards")] public int Shards { get; set; } = 1;
    [JsonPropertyName("session_start_limit")] public JsonSessionStartLimit? SessionStartLimit { get; set; }
}

internal sealed class JsonSessionStartLimit
{
    [JsonPropertyName("total")] public int Total { get; set; }
    [JsonPropertyName("remaining")] public int Remaining { get; set; }
    [JsonPropertyName("reset_after")] public long ResetAfter { get; set; }
    [JsonPropertyName("max_concurrency")] public int MaxConcurrency { get; set; } = 1;
}

internal sealed class JsonApplication
{
    [JsonPropertyName("id")] public ulong Id { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("owner")] public JsonUser? Owner { get; set; }
    [JsonPropertyName("team")] public JsonTeam? Team { get; set; }
}

internal sealed class JsonTeam
{
    [JsonPropertyName("id")] public ulong Id { get; set; }
    [JsonPropertyName("owner_user_id")] public ulong? OwnerUserId { get; set; }
    [JsonPropertyName("members")] public JsonTeamMember[]? Members { get; set; }
}

internal sealed class JsonTeamMember
{
    [JsonPropertyName("membership_state")] public int MembershipState { get; set; }
    [JsonPropertyName("role")] public string? Role { get; set; }
    [JsonPropertyName("user")] public JsonUser? User { get; set; }
}

internal sealed class JsonError
{
    [JsonPropertyName("code")] public int Code { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }

    // 50035 Invalid Form Body: which fields were refused, nested by path (read for the error message only).
    [JsonPropertyName("errors")] public System.Text.Json.JsonElement? Errors { get; set; }
}

internal sealed class JsonRateLimited
{
    [JsonPropertyName("message")] public string? Message { get; set; }
    // Null when absent, so the Retry-After header decides rather than an immediate retry.
    [JsonPropertyName("retry_after")] public double? RetryAfter { get; set; }
    [JsonPropertyName("global")] public bool Global { get; set; }
    [JsonPropertyName("code")] public int Code { get; set; }
}
