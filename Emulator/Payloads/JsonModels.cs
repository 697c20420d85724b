using System.Text.Json;
using System.Text.Json.Serialization;

namespace AndyAI.Emulator.Payloads;

// Discord's wire shapes (https://discord.com/developers/docs/resources/*). Snowflakes are written as strings, as
// Discord does, and read from strings or numbers because real clients send both.

internal sealed class JsonUser
{
    [JsonPropertyName("id"), JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public ulong Id { get; set; }
    [JsonPropertyName("username")] public string Username { get; set; } = "";
    [JsonPropertyName("discriminator")] public string Discriminator { get; set; } = "0";
    [JsonPropertyName("global_name")] public string? GlobalName { get; set; }
    [JsonPropertyName("avatar")] public string? Avatar { get; set; }
    [JsonPropertyName("bot"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool Bot { get; set; }
    [JsonPropertyName("public_flags")] public int PublicFlags { get; set; }
    [JsonPropertyName("flags"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Flags { get; set; }
    [JsonPropertyName("verified"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Verified { get; set; }
    [JsonPropertyName("mfa_enabled"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? MfaEnabled { get; set; }
    [JsonPropertyName("member"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonMember? Member { get; set; }
}

internal sealed class JsonMember
{
    [JsonPropertyName("user"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonUser? User { get; set; }
    [JsonPropertyName("nick")] public string? Nick { get; set; }
    [JsonPropertyName("avatar")] public string? Avatar { get; set; }
    [JsonPropertyName("roles")] public string[] Roles { get; set; } = [];
    [JsonPropertyName("joined_at")] public string JoinedAt { get; set; } = "";
    [JsonPropertyName("premium_since")] public string? PremiumSince { get; set; }
    [JsonPropertyName("deaf")] public bool Deaf { get; set; }
    [JsonPropertyName("mute")] public bool Mute { get; set; }
    [JsonPropertyName("flags")] public int Flags { get; set; }
    [JsonPropertyName("pending")] public bool Pending { get; set; }
    // Interactions only: the member's permissions in the channel.
    [JsonPropertyName("permissions"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Permissions { get; set; }
}

internal sealed class JsonRoleTags
{
    [JsonPropertyName("bot_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? BotId { get; set; }
}

internal sealed class JsonRole
{
    [JsonPropertyName("id"), JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public ulong Id { get; set; }
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("color")] public int Color { get; set; }
    [JsonPropertyName("hoist")] public bool Hoist { get; set; }
    [JsonPropertyName("icon")] public string? Icon { get; set; }
    [JsonPropertyName("unicode_emoji")] public string? UnicodeEmoji { get; set; }
    [JsonPropertyName("position")] public int Position { get; set; }
    [JsonPropertyName("permissions")] public string Permissions { get; set; } = "0";
    [JsonPropertyName("managed")] public bool Managed { get; set; }
    [JsonPropertyName("mentionable")] public bool Mentionable { get; set; }
    [JsonPropertyName("flags")] public int Flags { get; set; }
    [JsonPropertyName("tags"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonRoleTags? Tags { get; set; }
}

internal sealed class JsonChannel
{
    [JsonPropertyName("id"), JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public ulong Id { get; set; }
    [JsonPropertyName("type")] public int Type { get; set; }
    [JsonPropertyName("guild_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? GuildId { get; set; }
    [JsonPropertyName("name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Name { get; set; }
    [JsonPropertyName("position"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Position { get; set; }
    [JsonPropertyName("permission_overwrites"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonElement[]? PermissionOverwrites { get; set; }
    [JsonPropertyName("parent_id")] public string? ParentId { get; set; }
    [JsonPropertyName("owner_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? OwnerId { get; set; }
    [JsonPropertyName("thread_metadata"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonThreadMetadata? ThreadMetadata { get; set; }
    [JsonPropertyName("message_count"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? MessageCount { get; set; }
    [JsonPropertyName("member_count"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? MemberCount { get; set; }
    [JsonPropertyName("total_message_sent"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? TotalMessageSent { get; set; }
    [JsonPropertyName("newly_created"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? NewlyCreated { get; set; }
    [JsonPropertyName("topic"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Topic { get; set; }
    [JsonPropertyName("nsfw"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Nsfw { get; set; }
    [JsonPropertyName("rate_limit_per_user"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? RateLimitPerUser { get; set; }
    [JsonPropertyName("last_message_id")] public string? LastMessageId { get; set; }
    [JsonPropertyName("recipients"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonUser[]? Recipients { get; set; }
    [JsonPropertyName("flags")] public int Flags { get; set; }
}

internal sealed class JsonThreadMetadata
{
    [JsonPropertyName("archived")] public bool Archived { get; set; }
    [JsonPropertyName("auto_archive_duration")] public int AutoArchiveDuration { get; set; } = 1440;
    [JsonPropertyName("archive_timestamp")] public string ArchiveTimestamp { get; set; } = "";
    [JsonPropertyName("locked")] public bool Locked { get; set; }
    [JsonPropertyName("create_timestamp"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? CreateTimestamp { get; set; }
}

internal sealed class JsonAllowedMentions
{
    [JsonPropertyName("parse")] public string[]? Parse { get; set; }
    [JsonPropertyName("users")] public string[]? Users { get; set; }
    [JsonPropertyName("roles")] public string[]? Roles { get; set; }
    [JsonPropertyName("replied_user")] public bool? RepliedUser { get; set; }
}

internal sealed class JsonMessageReference
{
    [JsonPropertyName("type"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Type { get; set; }
    [JsonPropertyName("message_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public ulong? MessageId { get; set; }
    [JsonPropertyName("channel_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public ulong? ChannelId { get; set; }
    [JsonPropertyName("guild_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public ulong? GuildId { get; set; }
    [JsonPropertyName("fail_if_not_exists"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? FailIfNotExists { get; set; }
}

internal sealed class JsonMessage
{
    [JsonPropertyName("id"), JsonNumberHandling(JsonNumberHandling.WriteAsString)] public ulong Id { get; set; }
    [JsonPropertyName("type")] public int Type { get; set; }
    [JsonPropertyName("channel_id"), JsonNumberHandling(JsonNumberHandling.WriteAsString)] public ulong ChannelId { get; set; }
    [JsonPropertyName("guild_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? GuildId { get; set; }
    [JsonPropertyName("author")] public JsonUser Author { get; set; } = new();
    [JsonPropertyName("member"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonMember? Member { get; set; }
    [JsonPropertyName("content")] public string Content { get; set; } = "";
    [JsonPropertyName("timestamp")] public string Timestamp { get; set; } = "";
    [JsonPropertyName("edited_timestamp")] public string? EditedTimestamp { get; set; }
    [JsonPropertyName("tts")] public bool Tts { get; set; }
    [JsonPropertyName("mention_everyone")] public bool MentionEveryone { get; set; }
    [JsonPropertyName("mentions")] public JsonUser[] Mentions { get; set; } = [];
    [JsonPropertyName("mention_roles")] public string[] MentionRoles { get; set; } = [];
    [JsonPropertyName("attachments")] public JsonMessageAttachment[] Attachments { get; set; } = [];
    [JsonPropertyName("embeds")] public JsonElement[] Embeds { get; set; } = [];
    [JsonPropertyName("components")] public JsonElement[] Components { get; set; } = [];
    [JsonPropertyName("pinned")] public bool Pinned { get; set; }
    [JsonPropertyName("flags")] public int Flags { get; set; }
    [JsonPropertyName("position"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Position { get; set; }
    [JsonPropertyName("nonce"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonElement? Nonce { get; set; }
    // Messages of interaction responses are sent through the application's webhook.
    [JsonPropertyName("webhook_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? WebhookId { get; set; }
    [JsonPropertyName("application_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? ApplicationId { get; set; }
    [JsonPropertyName("interaction_metadata"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonInteractionMetadata? InteractionMetadata { get; set; }
    [JsonPropertyName("message_reference"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonMessageReference? MessageReference { get; set; }
    // Discord sends referenced_message only on replies, and only one level deep.
    [JsonPropertyName("referenced_message"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonMessage? ReferencedMessage { get; set; }
}

internal sealed class JsonInteractionMetadata
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("type")] public int Type { get; set; }
    [JsonPropertyName("user")] public JsonUser User { get; set; } = new();
    [JsonPropertyName("authorizing_integration_owners")] public Dictionary<string, string> AuthorizingIntegrationOwners { get; set; } = [];
}

/// <summary>Body of POST/PATCH /channels/{id}/messages. Unknown fields are ignored, as Discord does.</summary>
internal sealed class JsonMessageAttachment
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("filename")] public string FileName { get; set; } = "";
    [JsonPropertyName("size")] public int Size { get; set; }
    [JsonPropertyName("url")] public string Url { get; set; } = "";
    [JsonPropertyName("proxy_url")] public string ProxyUrl { get; set; } = "";
    [JsonPropertyName("content_type"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? ContentType { get; set; }
}

internal sealed class JsonMessageCreate
{
    [JsonPropertyName("content")] public string? Content { get; set; }
    [JsonPropertyName("nonce")] public JsonElement? Nonce { get; set; }
    [JsonPropertyName("enforce_nonce")] public bool? EnforceNonce { get; set; }
    [JsonPropertyName("tts")] public bool? Tts { get; set; }
    [JsonPropertyName("embeds")] public JsonElement[]? Embeds { get; set; }
    [JsonPropertyName("embed")] public JsonElement? Embed { get; set; }
    [JsonPropertyName("allowed_mentions")] public JsonAllowedMentions? AllowedMentions { get; set; }
    [JsonPropertyName("message_reference")] public JsonMessageReference? MessageReference { get; set; }
    [JsonPropertyName("components")] public JsonElement[]? Components { get; set; }
    [JsonPropertyName("sticker_ids")] public JsonElement[]? StickerIds { get; set; }
    [JsonPropertyName("attachments")] public JsonElement[]? Attachments { get; set; }
    [JsonPropertyName("flags")] public int? Flags { get; set; }

    /// <summary>The multipart upload's files (<c>files[n]</c>), not part of the JSON.</summary>
    [JsonIgnore] public IReadOnlyList<RecordedFile> Files { get; set; } = [];
}

internal sealed class JsonCreateDm
{
    [JsonPropertyName("recipient_id"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] public ulong RecipientId { get; set; }
}

internal sealed class JsonGuild
{
    [JsonPropertyName("id"), JsonNumberHandling(JsonNumberHandling.WriteAsString)] public ulong Id { get; set; }
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("icon")] public string? Icon { get; set; }
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("splash")] public string? Splash { get; set; }
    [JsonPropertyName("discovery_splash")] public string? DiscoverySplash { get; set; }
    [JsonPropertyName("banner")] public string? Banner { get; set; }
    [JsonPropertyName("owner_id")] public string OwnerId { get; set; } = "";
    [JsonPropertyName("afk_channel_id")] public string? AfkChannelId { get; set; }
    [JsonPropertyName("afk_timeout")] public int AfkTimeout { get; set; } = 300;
    [JsonPropertyName("verification_level")] public int VerificationLevel { get; set; }
    [JsonPropertyName("default_message_notifications")] public int DefaultMessageNotifications { get; set; }
    [JsonPropertyName("explicit_content_filter")] public int ExplicitContentFilter { get; set; }
    [JsonPropertyName("mfa_level")] public int MfaLevel { get; set; }
    [JsonPropertyName("nsfw_level")] public int NsfwLevel { get; set; }
    [JsonPropertyName("premium_tier")] public int PremiumTier { get; set; }
    [JsonPropertyName("premium_subscription_count")] public int PremiumSubscriptionCount { get; set; }
    [JsonPropertyName("premium_progress_bar_enabled")] public bool PremiumProgressBarEnabled { get; set; }
    [JsonPropertyName("system_channel_id")] public string? SystemChannelId { get; set; }
    [JsonPropertyName("system_channel_flags")] public int SystemChannelFlags { get; set; }
    [JsonPropertyName("rules_channel_id")] public string? RulesChannelId { get; set; }
    [JsonPropertyName("public_updates_channel_id")] public string? PublicUpdatesChannelId { get; set; }
    [JsonPropertyName("safety_alerts_channel_id")] public string? SafetyAlertsChannelId { get; set; }
    [JsonPropertyName("vanity_url_code")] public string? VanityUrlCode { get; set; }
    [JsonPropertyName("preferred_locale")] public string PreferredLocale { get; set; } = "en-US";
    [JsonPropertyName("features")] public string[] Features { get; set; } = [];
    [JsonPropertyName("max_members")] public int MaxMembers { get; set; } = 500000;
    [JsonPropertyName("max_video_channel_users")] public int MaxVideoChannelUsers { get; set; } = 25;
    [JsonPropertyName("max_stage_video_channel_users")] public int MaxStageVideoChannelUsers { get; set; } = 50;
    [JsonPropertyName("roles")] public JsonRole[] Roles { get; set; } = [];
    [JsonPropertyName("emojis")] public JsonElement[] Emojis { get; set; } = [];
    [JsonPropertyName("stickers")] public JsonElement[] Stickers { get; set; } = [];
    // GUILD_CREATE-only fields (https://discord.com/developers/docs/events/gateway-events#guild-create)
    [JsonPropertyName("joined_at"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? JoinedAt { get; set; }
    [JsonPropertyName("large"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Large { get; set; }
    [JsonPropertyName("unavailable"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Unavailable { get; set; }
    [JsonPropertyName("member_count"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? MemberCount { get; set; }
    [JsonPropertyName("members"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonMember[]? Members { get; set; }
    [JsonPropertyName("channels"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonChannel[]? Channels { get; set; }
    [JsonPropertyName("threads"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonChannel[]? Threads { get; set; }
    [JsonPropertyName("presences"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonElement[]? Presences { get; set; }
    [JsonPropertyName("voice_states"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonElement[]? VoiceStates { get; set; }
    [JsonPropertyName("stage_instances"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonElement[]? StageInstances { get; set; }
    [JsonPropertyName("guild_scheduled_events"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonElement[]? GuildScheduledEvents { get; set; }
    [JsonPropertyName("soundboard_sounds"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonElement[]? SoundboardSounds { get; set; }
}

internal sealed class JsonUnavailableGuild
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("unavailable")] public bool Unavailable { get; set; } = true;
}

internal sealed class JsonReadyApplication
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("flags")] public int Flags { get; set; }
}

internal sealed class JsonReady
{
    [JsonPropertyName("v")] public int Version { get; set; }
    [JsonPropertyName("user")] public JsonUser User { get; set; } = new();
    [JsonPropertyName("guilds")] public JsonUnavailableGuild[] Guilds { get; set; } = [];
    [JsonPropertyName("session_id")] public string SessionId { get; set; } = "";
    [JsonPropertyName("session_type")] public string SessionType { get; set; } = "normal";
    [JsonPropertyName("resume_gateway_url")] public string ResumeGatewayUrl { get; set; } = "";
    [JsonPropertyName("shard"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int[]? Shard { get; set; }
    [JsonPropertyName("application")] public JsonReadyApplication Application { get; set; } = new();
    [JsonPropertyName("private_channels")] public JsonElement[] PrivateChannels { get; set; } = [];
    [JsonPropertyName("relationships")] public JsonElement[] Relationships { get; set; } = [];
    [JsonPropertyName("presences")] public JsonElement[] Presences { get; set; } = [];
    [JsonPropertyName("guild_join_requests")] public JsonElement[] GuildJoinRequests { get; set; } = [];
    [JsonPropertyName("geo_ordered_rtc_regions")] public string[] GeoOrderedRtcRegions { get; set; } = [];
    [JsonPropertyName("_trace")] public string[] Trace { get; set; } = ["[\"andyai-emulator\"]"];
}

internal sealed class JsonHello
{
    [JsonPropertyName("heartbeat_interval")] public int HeartbeatInterval { get; set; }
    [JsonPropertyName("_trace")] public string[] Trace { get; set; } = ["[\"andyai-emulator\"]"];
}

internal sealed class JsonIdentify
{
    [JsonPropertyName("token")] public string? Token { get; set; }
    [JsonPropertyName("intents")] public long? Intents { get; set; }
    [JsonPropertyName("shard")] public int[]? Shard { get; set; }
    [JsonPropertyName("compress")] public bool? Compress { get; set; }
    [JsonPropertyName("large_threshold")] public int? LargeThreshold { get; set; }
    [JsonPropertyName("properties")] public JsonElement? Properties { get; set; }
    [JsonPropertyName("presence")] public JsonElement? Presence { get; set; }
}

internal sealed class JsonResume
{
    [JsonPropertyName("token")] public string? Token { get; set; }
    [JsonPropertyName("session_id")] public string? SessionId { get; set; }
    [JsonPropertyName("seq")] public long? Sequence { get; set; }
}

internal sealed class JsonMessageDelete
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("channel_id")] public string ChannelId { get; set; } = "";
    [JsonPropertyName("guild_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? GuildId { get; set; }
}

internal sealed class JsonTypingStart
{
    [JsonPropertyName("channel_id")] public string ChannelId { get; set; } = "";
    [JsonPropertyName("guild_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? GuildId { get; set; }
    [JsonPropertyName("user_id")] public string UserId { get; set; } = "";
    [JsonPropertyName("timestamp")] public long Timestamp { get; set; }
    [JsonPropertyName("member"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonMember? Member { get; set; }
}

internal sealed class JsonSessionStartLimit
{
    [JsonPropertyName("total")] public int Total { get; set; }
    [JsonPropertyName("remaining")] public int Remaining { get; set; }
    [JsonPropertyName("reset_after")] public long ResetAfter { get; set; }
    [JsonPropertyName("max_concurrency")] public int MaxConcurrency { get; set; }
}

internal sealed class JsonGateway
{
    [JsonPropertyName("url")] public string Url { get; set; } = "";
}

internal sealed class JsonGatewayBot
{
    [JsonPropertyName("url")] public string Url { get; set; } = "";
    [JsonPropertyName("shards")] public int Shards { get; set; }
    [JsonPropertyName("session_start_limit")] public JsonSessionStartLimit SessionStartLimit { get; set; } = new();
}

internal sealed class JsonTeamMember
{
    [JsonPropertyName("membership_state")] public int MembershipState { get; set; } = 2;
    [JsonPropertyName("team_id")] public string TeamId { get; set; } = "";
    [JsonPropertyName("user")] public JsonUser User { get; set; } = new();
    [JsonPropertyName("role")] public string Role { get; set; } = "developer";
    [JsonPropertyName("permissions")] public string[] Permissions { get; set; } = ["*"];
}

internal sealed class JsonTeam
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("icon")] public string? Icon { get; set; }
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("owner_user_id")] public string OwnerUserId { get; set; } = "";
    [JsonPropertyName("members")] public JsonTeamMember[] Members { get; set; } = [];
}

internal sealed class JsonApplication
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("icon")] public string? Icon { get; set; }
    [JsonPropertyName("description")] public string Description { get; set; } = "";
    [JsonPropertyName("bot_public")] public bool BotPublic { get; set; } = true;
    [JsonPropertyName("bot_require_code_grant")] public bool BotRequireCodeGrant { get; set; }
    [JsonPropertyName("verify_key")] public string VerifyKey { get; set; } = "";
    [JsonPropertyName("flags")] public int Flags { get; set; }
    [JsonPropertyName("owner"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonUser? Owner { get; set; }
    [JsonPropertyName("team")] public JsonTeam? Team { get; set; }
    [JsonPropertyName("bot"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonUser? Bot { get; set; }
}

internal sealed class JsonError
{
    [JsonPropertyName("message")] public string Message { get; set; } = "";
    [JsonPropertyName("code")] public int Code { get; set; }
    [JsonPropertyName("errors"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonElement? Errors { get; set; }
}

internal sealed class JsonRateLimited
{
    [JsonPropertyName("message")] public string Message { get; set; } = "You are being rate limited.";
    [JsonPropertyName("retry_after")] public double RetryAfter { get; set; }
    [JsonPropertyName("global")] public bool Global { get; set; }
    [JsonPropertyName("code"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Code { get; set; }
}
