using System.Text.Json;
using System.Text.Json.Serialization;

namespace AndyAI.Emulator.Payloads;

// Application commands and interactions (https://discord.com/developers/docs/interactions/*). Request bodies keep
// every field nullable so validation can tell "absent" from "empty", as Discord's form errors do.

internal sealed class JsonApplicationCommand
{
    [JsonPropertyName("id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Id { get; set; }
    [JsonPropertyName("application_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? ApplicationId { get; set; }
    [JsonPropertyName("guild_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? GuildId { get; set; }
    [JsonPropertyName("version"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Version { get; set; }
    [JsonPropertyName("type")] public int? Type { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("name_localizations")] public Dictionary<string, string>? NameLocalizations { get; set; }
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("description_localizations")] public Dictionary<string, string>? DescriptionLocalizations { get; set; }
    [JsonPropertyName("options"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonCommandOption[]? Options { get; set; }
    [JsonPropertyName("default_member_permissions")] public string? DefaultMemberPermissions { get; set; }
    [JsonPropertyName("dm_permission"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? DmPermission { get; set; }
    [JsonPropertyName("contexts")] public int[]? Contexts { get; set; }
    [JsonPropertyName("integration_types")] public int[]? IntegrationTypes { get; set; }
    [JsonPropertyName("nsfw")] public bool? Nsfw { get; set; }
}

internal sealed class JsonCommandOption
{
    [JsonPropertyName("type")] public int? Type { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("name_localizations"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, string>? NameLocalizations { get; set; }
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("description_localizations"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, string>? DescriptionLocalizations { get; set; }
    [JsonPropertyName("required"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Required { get; set; }
    [JsonPropertyName("choices"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonCommandChoice[]? Choices { get; set; }
    [JsonPropertyName("options"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonCommandOption[]? Options { get; set; }
    [JsonPropertyName("channel_types"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int[]? ChannelTypes { get; set; }
    [JsonPropertyName("min_value"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? MinValue { get; set; }
    [JsonPropertyName("max_value"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? MaxValue { get; set; }
    [JsonPropertyName("min_length"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? MinLength { get; set; }
    [JsonPropertyName("max_length"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? MaxLength { get; set; }
    [JsonPropertyName("autocomplete"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Autocomplete { get; set; }
}

internal sealed class JsonCommandChoice
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("name_localizations"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, string>? NameLocalizations { get; set; }
    [JsonPropertyName("value")] public JsonElement Value { get; set; }
}

internal sealed class JsonInteraction
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("application_id")] public string ApplicationId { get; set; } = "";
    [JsonPropertyName("type")] public int Type { get; set; }
    [JsonPropertyName("data"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonInteractionData? Data { get; set; }
    [JsonPropertyName("guild_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? GuildId { get; set; }
    [JsonPropertyName("guild"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonInteractionGuild? Guild { get; set; }
    [JsonPropertyName("channel"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonChannel? Channel { get; set; }
    [JsonPropertyName("channel_id")] public string ChannelId { get; set; } = "";
    [JsonPropertyName("member"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonMember? Member { get; set; }
    [JsonPropertyName("user"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonUser? User { get; set; }
    [JsonPropertyName("token")] public string Token { get; set; } = "";
    [JsonPropertyName("version")] public int Version { get; set; } = 1;
    [JsonPropertyName("message"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonMessage? Message { get; set; }
    [JsonPropertyName("app_permissions")] public string AppPermissions { get; set; } = "0";
    [JsonPropertyName("locale")] public string Locale { get; set; } = "en-US";
    [JsonPropertyName("guild_locale"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? GuildLocale { get; set; }
    [JsonPropertyName("entitlements")] public JsonElement[] Entitlements { get; set; } = [];
    [JsonPropertyName("authorizing_integration_owners")] public Dictionary<string, string> AuthorizingIntegrationOwners { get; set; } = [];
    [JsonPropertyName("context")] public int Context { get; set; }
    [JsonPropertyName("attachment_size_limit")] public long AttachmentSizeLimit { get; set; } = 10 * 1024 * 1024;
}

internal sealed class JsonInteractionGuild
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("locale")] public string Locale { get; set; } = "en-US";
    [JsonPropertyName("features")] public string[] Features { get; set; } = [];
}

internal sealed class JsonInteractionData
{
    [JsonPropertyName("id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Id { get; set; }
    [JsonPropertyName("name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Name { get; set; }
    [JsonPropertyName("type"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Type { get; set; }
    [JsonPropertyName("options"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonInteractionOption[]? Options { get; set; }
    [JsonPropertyName("resolved"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonResolved? Resolved { get; set; }
    [JsonPropertyName("guild_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? GuildId { get; set; }
    [JsonPropertyName("custom_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? CustomId { get; set; }
    [JsonPropertyName("component_type"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? ComponentType { get; set; }
    [JsonPropertyName("values"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string[]? Values { get; set; }
    [JsonPropertyName("components"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonElement[]? Components { get; set; }
}

internal sealed class JsonInteractionOption
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("type")] public int Type { get; set; }
    [JsonPropertyName("value"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonElement? Value { get; set; }
    [JsonPropertyName("options"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonInteractionOption[]? Options { get; set; }
    [JsonPropertyName("focused"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Focused { get; set; }
}

internal sealed class JsonResolved
{
    [JsonPropertyName("users"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, JsonUser>? Users { get; set; }
    [JsonPropertyName("members"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, JsonMember>? Members { get; set; }
    [JsonPropertyName("roles"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, JsonRole>? Roles { get; set; }
    [JsonPropertyName("channels"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, JsonChannel>? Channels { get; set; }
    [JsonPropertyName("attachments"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, JsonAttachment>? Attachments { get; set; }
}

internal sealed class JsonAttachment
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("filename")] public string Filename { get; set; } = "";
    [JsonPropertyName("size")] public long Size { get; set; }
    [JsonPropertyName("url")] public string Url { get; set; } = "";
    [JsonPropertyName("proxy_url")] public string ProxyUrl { get; set; } = "";
    [JsonPropertyName("content_type"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? ContentType { get; set; }
}

/// <summary>Body of POST /interactions/{id}/{token}/callback.</summary>
internal sealed class JsonInteractionCallback
{
    [JsonPropertyName("type")] public int? Type { get; set; }
    [JsonPropertyName("data")] public JsonInteractionCallbackData? Data { get; set; }
}

/// <summary>A callback's data, and the body of the interaction webhook's execute and edit calls.</summary>
internal sealed class JsonInteractionCallbackData
{
    [JsonPropertyName("content")] public string? Content { get; set; }
    [JsonPropertyName("flags")] public int? Flags { get; set; }
    [JsonPropertyName("tts")] public bool? Tts { get; set; }
    [JsonPropertyName("embeds")] public JsonElement[]? Embeds { get; set; }
    [JsonPropertyName("allowed_mentions")] public JsonAllowedMentions? AllowedMentions { get; set; }
    [JsonPropertyName("components")] public JsonElement[]? Components { get; set; }
    [JsonPropertyName("attachments")] public JsonElement[]? Attachments { get; set; }
    [JsonPropertyName("choices")] public JsonCommandChoice[]? Choices { get; set; }
    [JsonPropertyName("custom_id")] public string? CustomId { get; set; }
    [JsonPropertyName("title")] public string? Title { get; set; }

    /// <summary>The multipart upload's files (<c>files[n]</c>), not part of the JSON.</summary>
    [JsonIgnore] public IReadOnlyList<RecordedFile> Files { get; set; } = [];
}
