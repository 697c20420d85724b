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
    public const string HttpAddress = "HTTP_ADDRESS";
    public const string DashboardToken = "DASHBOARD_TOKEN";
    public const string LogFormat = "LOG_FORMAT";
    public const string DatabaseUrl = "DATABASE_URL";
    public const string RedisUrl = "REDIS_URL";
    public const string ShardCount = "SHARD_COUNT";
    public const string ShardIds = "SHARD_IDS";
    public const string InstanceName = "INSTANCE_NAME";

    /// <summary>Environment variable → configuration key. LOG_LEVEL, LOG_FILE, PLUGINS_CONFIG, HTTP_ADDRESS, DASHBOARD_TOKEN and LOG_FORMAT keep their names as keys.</summary>
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
        (HttpAddress, ConfigurationKeys.HttpAddress),
        (DashboardToken, ConfigurationKeys.DashboardToken),
        (LogFormat, ConfigurationKeys.LogFormat),
        (DatabaseUrl, ConfigurationKeys.DatabaseUrl),
        (RedisUrl, ConfigurationKeys.RedisUrl),
        (ShardCount, ConfigurationKeys.ShardCount),
        (ShardIds, ConfigurationKeys.ShardIds),
        (InstanceName, ConfigurationKeys.InstanceName),
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
