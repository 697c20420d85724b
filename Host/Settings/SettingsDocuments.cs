using System.Text.Json.Serialization;

namespace AndyAI.Host.Settings;

/// <summary>A guild's settings as stored (one JSON document per guild). Unset members mean "the default".</summary>
internal sealed record GuildSettingsDocument
{
    public string? SystemPrompt { get; init; }

    public string? PersonaName { get; init; }

    public string? Model { get; init; }

    public ulong[] AllowedChannelIds { get; init; } = [];

    /// <summary>Roles that may use the AI; empty: everyone.</summary>
    public ulong[] AiRoleIds { get; init; } = [];

    /// <summary>Roles that may change the guild's settings, besides members with Manage Guild.</summary>
    public ulong[] SettingsRoleIds { get; init; } = [];

    /// <summary>Cogs turned off in the guild (by name, any case).</summary>
    public string[] DisabledCogs { get; init; } = [];

    /// <summary>Tokens one user may use per day in this guild's requests (over the host's Quotas:DailyUserTokens).</summary>
    public long? DailyUserTokens { get; init; }

    /// <summary>Tokens the whole guild may use per day (over the host's Quotas:DailyGuildTokens).</summary>
    public long? DailyGuildTokens { get; init; }
}

/// <summary>A user's own settings as stored (one JSON document per user).</summary>
internal sealed record UserSettingsDocument
{
    public string? Model { get; init; }

    public string? Language { get; init; }

    /// <summary>A line appended to the system prompt for this user's questions.</summary>
    public string? Persona { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
[JsonSerializable(typeof(GuildSettingsDocument))]
[JsonSerializable(typeof(UserSettingsDocument))]
internal sealed partial class SettingsJsonContext : JsonSerializerContext;
