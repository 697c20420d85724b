using System.Text.Json;
using System.Text.Json.Serialization;
using AndyAI.Discord.Json.Lenient;

namespace AndyAI.Discord.Json;

// Wire shapes of application commands, interactions and message components
// (https://discord.com/developers/docs/interactions/*). One class per shape serves reading and writing: every
// optional field is left out when null, and read leniently (an unreadable optional value becomes null, with a debug
// line from the caller), because Discord adds fields and values without notice.

internal sealed class JsonApplicationCommand
{
    [JsonPropertyName("id"), JsonConverter(typeof(LenientSnowflakeConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ulong? Id { get; set; }

    [JsonPropertyName("application_id"), JsonConverter(typeof(LenientSnowflakeConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ulong? ApplicationId { get; set; }

    [JsonPropertyName("guild_id"), JsonConverter(typeof(LenientSnowflakeConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ulong? GuildId { get; set; }

    [JsonPropertyName("type"), JsonConverter(typeof(LenientInt32Converter))] public int Type { get; set; } = 1;
    [JsonPropertyName("name")] public string Name { get; set; } = "";

    [JsonPropertyName("name_localizations"), JsonConverter(typeof(LenientObjectConverter<Dictionary<string, string>>)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? NameLocalizations { get; set; }

    [JsonPropertyName("description"), JsonConverter(typeof(LenientStringConverter))] public string? Description { get; set; } = "";

    [JsonPropertyName("description_localizations"), JsonConverter(typeof(LenientObjectConverter<Dictionary<string, string>>)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? DescriptionLocalizations { get; set; }

    [JsonPropertyName("options"), JsonConverter(typeof(LenientObjectConverter<JsonApplicationCommandOption[]>)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonApplicationCommandOption[]? Options { get; set; }

    // A permission bit set as a decimal string; null means everyone may use the command.
    [JsonPropertyName("default_member_permissions"), JsonConverter(typeof(LenientStringConverter))]
    public string? DefaultMemberPermissions { get; set; }

    [JsonPropertyName("contexts"), JsonConverter(typeof(LenientObjectConverter<int[]>)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int[]? Contexts { get; set; }

    [JsonPropertyName("integration_types"), JsonConverter(typeof(LenientObjectConverter<int[]>)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int[]? IntegrationTypes { get; set; }

    [JsonPropertyName("nsfw"), JsonConverter(typeof(LenientBooleanConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Nsfw { get; set; }

    [JsonPropertyName("version"), JsonConverter(typeof(LenientSnowflakeConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ulong? Version { get; set; }
}

internal sealed class JsonApplicationCommandOption
{
    [JsonPropertyName("type")] public int Type { get; set; }
    [JsonPropertyName("name")] public string Name { get; set; } = "";

    [JsonPropertyName("name_localizations"), JsonConverter(typeof(LenientObjectConverter<Dictionary<string, string>>)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? NameLocalizations { get; set; }

    [JsonPropertyName("description"), JsonConverter(typeof(LenientStringConverter))] public string? Description { get; set; } = "";

    [JsonPropertyName("description_localizations"), JsonConverter(typeof(LenientObjectConverter<Dictionary<string, string>>)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? DescriptionLocalizations { get; set; }

    [JsonPropertyName("required"), JsonConverter(typeof(LenientBooleanConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Required { get; set; }

    [JsonPropertyName("choices"), JsonConverter(typeof(LenientObjectConverter<JsonApplicationCommandChoice[]>)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonApplicationCommandChoice[]? Choices { get; set; }

    [JsonPropertyName("options"), JsonConverter(typeof(LenientObjectConverter<JsonApplicationCommandOption[]>)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonApplicationCommandOption[]? Options { get; set; }

    [JsonPropertyName("channel_types"), JsonConverter(typeof(LenientObjectConverter<int[]>)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int[]? ChannelTypes { get; set; }

    [JsonPropertyName("min_value"), JsonConverter(typeof(LenientDoubleConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MinValue { get; set; }

    [JsonPropertyName("max_value"), JsonConverter(typeof(LenientDoubleConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MaxValue { get; set; }

    [JsonPropertyName("min_length"), JsonConverter(typeof(LenientDoubleConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MinLength { get; set; }

    [JsonPropertyName("max_length"), JsonConverter(typeof(LenientDoubleConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MaxLength { get; set; }

    [JsonPropertyName("autocomplete"), JsonConverter(typeof(LenientBooleanConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Autocomplete { get; set; }
}

internal sealed class JsonApplicationCommandChoice
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";

    [JsonPropertyName("name_localizations"), JsonConverter(typeof(LenientObjectConverter<Dictionary<string, string>>)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? NameLocalizations { get; set; }

    // A string, an integer or a double, depending on the option's type.
    [JsonPropertyName("value")] public JsonElement Value { get; set; }
}

// Only id, application_id, type and token must be readable: without them the interaction cannot be answered.
internal sealed class JsonInteraction
{
    [JsonPropertyName("id")] public ulong Id { get; set; }
    [JsonPropertyName("application_id")] public ulong ApplicationId { get; set; }
    [JsonPropertyName("type")] public int Type { get; set; }
    [JsonPropertyName("token")] public string Token { get; set; } = "";
    [JsonPropertyName("data"), JsonConverter(typeof(LenientObjectConverter<JsonInteractionData>))] public JsonInteractionData? Data { get; set; }
    [JsonPropertyName("guild_id"), JsonConverter(typeof(LenientSnowflakeConverter))] public ulong? GuildId { get; set; }
    [JsonPropertyName("channel_id"), JsonConverter(typeof(LenientSnowflakeConverter))] public ulong? ChannelId { get; set; }
    [JsonPropertyName("channel"), JsonConverter(typeof(LenientObjectConverter<JsonResolvedChannel>))] public JsonResolvedChannel? Channel { get; set; }
    [JsonPropertyName("member"), JsonConverter(typeof(LenientObjectConverter<JsonInteractionMember>))] public JsonInteractionMember? Member { get; set; }
    [JsonPropertyName("user"), JsonConverter(typeof(LenientObjectConverter<JsonUser>))] public JsonUser? User { get; set; }
    [JsonPropertyName("version"), JsonConverter(typeof(LenientInt32Converter))] public int Version { get; set; }
    [JsonPropertyName("message"), JsonConverter(typeof(LenientObjectConverter<JsonMessage>))] public JsonMessage? Message { get; set; }
    [JsonPropertyName("app_permissions"), JsonConverter(typeof(LenientStringConverter))] public string? AppPermissions { get; set; }
    [JsonPropertyName("locale"), JsonConverter(typeof(LenientStringConverter))] public string? Locale { get; set; }
    [JsonPropertyName("guild_locale"), JsonConverter(typeof(LenientStringConverter))] public string? GuildLocale { get; set; }
    [JsonPropertyName("context"), JsonConverter(typeof(LenientInt32Converter))] public int Context { get; set; }
}

internal sealed class JsonInteractionData
{
    [JsonPropertyName("id"), JsonConverter(typeof(LenientSnowflakeConverter))] public ulong? Id { get; set; }
    [JsonPropertyName("name"), JsonConverter(typeof(LenientStringConverter))] public string? Name { get; set; }
    [JsonPropertyName("type"), JsonConverter(typeof(LenientInt32Converter))] public int Type { get; set; }
    [JsonPropertyName("resolved"), JsonConverter(typeof(LenientObjectConverter<JsonResolvedData>))] public JsonResolvedData? Resolved { get; set; }
    [JsonPropertyName("options"), JsonConverter(typeof(LenientObjectConverter<JsonInteractionDataOption[]>))] public JsonInteractionDataOption[]? Options { get; set; }
    [JsonPropertyName("guild_id"), JsonConverter(typeof(LenientSnowflakeConverter))] public ulong? GuildId { get; set; }
    [JsonPropertyName("target_id"), JsonConverter(typeof(LenientSnowflakeConverter))] public ulong? TargetId { get; set; }
    [JsonPropertyName("custom_id"), JsonConverter(typeof(LenientStringConverter))] public string? CustomId { get; set; }
    [JsonPropertyName("component_type"), JsonConverter(typeof(LenientInt32Converter))] public int ComponentType { get; set; }
    [JsonPropertyName("values"), JsonConverter(typeof(LenientObjectConverter<string[]>))] public string[]? Values { get; set; }
    [JsonPropertyName("components"), JsonConverter(typeof(LenientObjectConverter<JsonComponent[]>))] public JsonComponent[]? Components { get; set; }
}

internal sealed class JsonInteractionDataOption
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("type"), JsonConverter(typeof(LenientInt32Converter))] public int Type { get; set; }
    [JsonPropertyName("value")] public JsonElement? Value { get; set; }
    [JsonPropertyName("options"), JsonConverter(typeof(LenientObjectConverter<JsonInteractionDataOption[]>))] public JsonInteractionDataOption[]? Options { get; set; }
    [JsonPropertyName("focused"), JsonConverter(typeof(LenientBooleanConverter))] public bool Focused { get; set; }
}

internal sealed class JsonInteractionMember
{
    [JsonPropertyName("user"), JsonConverter(typeof(LenientObjectConverter<JsonUser>))] public JsonUser? User { get; set; }
    [JsonPropertyName("nick"), JsonConverter(typeof(LenientStringConverter))] public string? Nick { get; set; }
    [JsonPropertyName("roles"), JsonConverter(typeof(LenientSnowflakeArrayConverter))] public ulong[]? Roles { get; set; }
    [JsonPropertyName("permissions"), JsonConverter(typeof(LenientStringConverter))] public string? Permissions { get; set; }
}

internal sealed class JsonResolvedData
{
    [JsonPropertyName("users"), JsonConverter(typeof(LenientObjectConverter<Dictionary<string, JsonUser>>))] public Dictionary<string, JsonUser>? Users { get; set; }
    [JsonPropertyName("members"), JsonConverter(typeof(LenientObjectConverter<Dictionary<string, JsonInteractionMember>>))] public Dictionary<string, JsonInteractionMember>? Members { get; set; }
    [JsonPropertyName("roles"), JsonConverter(typeof(LenientObjectConverter<Dictionary<string, JsonResolvedRole>>))] public Dictionary<string, JsonResolvedRole>? Roles { get; set; }
    [JsonPropertyName("channels"), JsonConverter(typeof(LenientObjectConverter<Dictionary<string, JsonResolvedChannel>>))] public Dictionary<string, JsonResolvedChannel>? Channels { get; set; }
    [JsonPropertyName("attachments"), JsonConverter(typeof(LenientObjectConverter<Dictionary<string, JsonAttachment>>))] public Dictionary<string, JsonAttachment>? Attachments { get; set; }
}

internal sealed class JsonResolvedRole
{
    [JsonPropertyName("id")] public ulong Id { get; set; }
    [JsonPropertyName("name"), JsonConverter(typeof(LenientStringConverter))] public string? Name { get; set; }
    [JsonPropertyName("permissions"), JsonConverter(typeof(LenientStringConverter))] public string? Permissions { get; set; }
    [JsonPropertyName("managed"), JsonConverter(typeof(LenientBooleanConverter))] public bool Managed { get; set; }
}

internal sealed class JsonResolvedChannel
{
    [JsonPropertyName("id")] public ulong Id { get; set; }
    [JsonPropertyName("type"), JsonConverter(typeof(LenientInt32Converter))] public int Type { get; set; }
    [JsonPropertyName("name"), JsonConverter(typeof(LenientStringConverter))] public string? Name { get; set; }
    [JsonPropertyName("permissions"), JsonConverter(typeof(LenientStringConverter))] public string? Permissions { get; set; }
    [JsonPropertyName("parent_id"), JsonConverter(typeof(LenientSnowflakeConverter))] public ulong? ParentId { get; set; }
}

internal sealed class JsonAttachment
{
    [JsonPropertyName("id")] public ulong Id { get; set; }
    [JsonPropertyName("filename"), JsonConverter(typeof(LenientStringConverter))] public string? Filename { get; set; }
    [JsonPropertyName("content_type"), JsonConverter(typeof(LenientStringConverter))] public string? ContentType { get; set; }
    [JsonPropertyName("size"), JsonConverter(typeof(LenientDoubleConverter))] public double? Size { get; set; }
    [JsonPropertyName("url"), JsonConverter(typeof(LenientStringConverter))] public string? Url { get; set; }
}

// A message component, incoming (modal submissions) and outgoing (action rows, buttons, select menus, text inputs).
internal sealed class JsonComponent
{
    [JsonPropertyName("type"), JsonConverter(typeof(LenientInt32Converter))] public int Type { get; set; }

    [JsonPropertyName("custom_id"), JsonConverter(typeof(LenientStringConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CustomId { get; set; }

    [JsonPropertyName("style"), JsonConverter(typeof(LenientInt32Converter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Style { get; set; }

    [JsonPropertyName("label"), JsonConverter(typeof(LenientStringConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Label { get; set; }

    [JsonPropertyName("url"), JsonConverter(typeof(LenientStringConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Url { get; set; }

    [JsonPropertyName("disabled"), JsonConverter(typeof(LenientBooleanConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Disabled { get; set; }

    [JsonPropertyName("options"), JsonConverter(typeof(LenientObjectConverter<JsonSelectOption[]>)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonSelectOption[]? Options { get; set; }

    [JsonPropertyName("placeholder"), JsonConverter(typeof(LenientStringConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Placeholder { get; set; }

    [JsonPropertyName("min_values"), JsonConverter(typeof(LenientDoubleConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MinValues { get; set; }

    [JsonPropertyName("max_values"), JsonConverter(typeof(LenientDoubleConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MaxValues { get; set; }

    [JsonPropertyName("channel_types"), JsonConverter(typeof(LenientObjectConverter<int[]>)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int[]? ChannelTypes { get; set; }

    [JsonPropertyName("default_values"), JsonConverter(typeof(LenientObjectConverter<JsonSelectDefaultValue[]>)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonSelectDefaultValue[]? DefaultValues { get; set; }

    [JsonPropertyName("min_length"), JsonConverter(typeof(LenientDoubleConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MinLength { get; set; }

    [JsonPropertyName("max_length"), JsonConverter(typeof(LenientDoubleConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MaxLength { get; set; }

    [JsonPropertyName("required"), JsonConverter(typeof(LenientNullableBooleanConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Required { get; set; }

    [JsonPropertyName("value"), JsonConverter(typeof(LenientStringConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Value { get; set; }

    [JsonPropertyName("components"), JsonConverter(typeof(LenientObjectConverter<JsonComponent[]>)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonComponent[]? Components { get; set; }

    // Newer modals wrap each input in a label component with a single child.
    [JsonPropertyName("component"), JsonConverter(typeof(LenientObjectConverter<JsonComponent>)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonComponent? Component { get; set; }
}

internal sealed class JsonSelectOption
{
    [JsonPropertyName("label")] public string Label { get; set; } = "";
    [JsonPropertyName("value")] public string Value { get; set; } = "";

    [JsonPropertyName("description"), JsonConverter(typeof(LenientStringConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; set; }

    [JsonPropertyName("default"), JsonConverter(typeof(LenientBooleanConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Default { get; set; }
}

// An auto-populated select's entry shown already picked: "type" is "user", "role" or "channel".
internal sealed class JsonSelectDefaultValue
{
    [JsonPropertyName("id"), JsonConverter(typeof(LenientSnowflakeConverter))] public ulong? Id { get; set; }
    [JsonPropertyName("type"), JsonConverter(typeof(LenientStringConverter))] public string? Type { get; set; }
}

internal sealed class JsonInteractionResponse
{
    [JsonPropertyName("type")] public int Type { get; set; }

    [JsonPropertyName("data"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonInteractionCallbackData? Data { get; set; }
}

/// <summary>The data of a callback, and the body of the interaction webhook's create and edit calls.</summary>
internal sealed class JsonInteractionCallbackData
{
    [JsonPropertyName("content"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Content { get; set; }
    [JsonPropertyName("flags"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Flags { get; set; }
    [JsonPropertyName("components"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonComponent[]? Components { get; set; }
    [JsonPropertyName("allowed_mentions"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonAllowedMentions? AllowedMentions { get; set; }
    [JsonPropertyName("choices"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonApplicationCommandChoice[]? Choices { get; set; }
    [JsonPropertyName("custom_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? CustomId { get; set; }
    [JsonPropertyName("title"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Title { get; set; }
    [JsonPropertyName("attachments"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonAttachmentSlot[]? Attachments { get; set; }
}

/// <summary>An uploaded file's entry in <c>attachments</c>: <c>id</c> n is the <c>files[n]</c> part.</summary>
internal sealed class JsonAttachmentSlot
{
    [JsonPropertyName("id")] public int Id { get; set; }
    [JsonPropertyName("filename")] public string Filename { get; set; } = "";
}
