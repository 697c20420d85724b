namespace AndyAI.Host.Configuration;

/// <summary>
/// The fixed environment variable names and the configuration keys they map onto (each library binds its own
/// section; the host only translates names).
/// </summary>
internal static class EnvironmentVariables
{
    public const string DiscordToken = "DISCORD_API_TOKEN";
    public const string DiscordApiBaseUrl = "DISCORD_API_BASE_URL";
    public const string OpenAiApiKey = "OPENAI_API_KEY";
    public const string OpenAiBaseUrl = "OPENAI_BASE_URL";
    public const string OpenAiModel = "OPENAI_MODEL";
    public const string AdminUserIds = "ADMIN_USER_IDS";
    public const string LogLevel = "LOG_LEVEL";
    public const string LogFile = "LOG_FILE";
    public const string PluginsConfig = "PLUGINS_CONFIG";

    /// <summary>Environment variable → configuration key. LOG_LEVEL, LOG_FILE and PLUGINS_CONFIG keep their names as keys.</summary>
    public static readonly IReadOnlyList<(string Variable, string Key)> Mappings =
    [
        (DiscordToken, ConfigurationKeys.DiscordToken),
        (DiscordApiBaseUrl, ConfigurationKeys.DiscordApiBaseUrl),
        (OpenAiApiKey, ConfigurationKeys.LlmApiKey),
        (OpenAiBaseUrl, ConfigurationKeys.LlmBaseUrl),
        (OpenAiModel, ConfigurationKeys.LlmModel),
        (AdminUserIds, ConfigurationKeys.AdminUserIds),
        (LogLevel, ConfigurationKeys.LogLevel),
        (LogFile, ConfigurationKeys.LogFile),
        (PluginsConfig, ConfigurationKeys.PluginsConfig),
    ];

    /// <summary>The environment variable behind a configuration key, for error messages ("OPENAI_BASE_URL (Llm:BaseUrl)").</summary>
    public static string Describe(string key)
    {
        foreach ((string variable, string mappedKey) in Mappings)
        {
            if (string.Equals(mappedKey, key, StringComparison.OrdinalIgnoreCase))
            {
                return string.Equals(variable, key, StringComparison.Ordinal) ? variable : $"{variable} ({key})";
            }
        }

        return key;
    }
}

/// <summary>Configuration keys the host reads or maps.</summary>
internal static class ConfigurationKeys
{
    public const string DiscordToken = "Discord:Token";
    public const string DiscordApiBaseUrl = "Discord:ApiBaseUrl";
    public const string LlmApiKey = "Llm:ApiKey";
    public const string LlmBaseUrl = "Llm:BaseUrl";
    public const string LlmModel = "Llm:Model";
    public const string AdminUserIds = "Commands:AdminUserIds";
    public const string LogLevel = "LOG_LEVEL";
    public const string LogFile = "LOG_FILE";
    public const string PluginsConfig = "PLUGINS_CONFIG";

    /// <summary>How long the host waits for every service (cogs first) to stop on shutdown.</summary>
    public const string ShutdownTimeout = "Host:ShutdownTimeout";

    /// <summary>The absolute directory relative paths are resolved against (set by the host, not by users).</summary>
    public const string ContentRoot = "Host:ContentRoot";

    /// <summary>"Discord" or "Sandbox" (set by the host).</summary>
    public const string Mode = "Host:Mode";
}
