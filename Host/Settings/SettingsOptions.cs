namespace AndyAI.Host.Settings;

/// <summary>The <c>Settings</c> section: how guild and user settings are kept, and the daily token quotas.</summary>
internal sealed class SettingsOptions
{
    public const string SectionName = "Settings";

    /// <value>
    /// How often the host re-reads guild settings from the database and how long it keeps a user's, so a change made
    /// through another bot process sharing the database applies within it (a change made here applies at once).
    /// Defaults to 30 seconds.
    /// </value>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <value>Tokens (prompt + completion) one user may use per UTC day, everywhere; 0 (the default) means no limit. A guild's settings may set their own.</value>
    public long DailyUserTokens { get; set; }

    /// <value>Tokens everyone in one guild may use per UTC day; 0 (the default) means no limit. A guild's settings may set their own.</value>
    public long DailyGuildTokens { get; set; }
}
