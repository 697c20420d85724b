namespace AndyAI.Host.Settings;

/// <summary>A guild's settings as stored (one JSON document per guild). Unset members mean "the default".</summary>
internal sealed record GuildSettingsDocument
{
    /// <summary>A guild with no settings stored: shared, as every member is immutable (read on every mention).</summary>
    public static GuildSettingsDocument Default { get; } = new();

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
