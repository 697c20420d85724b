namespace AndyAI.Host.Configuration;

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

    /// <summary>The cog supervisor's plugins.json path; wins over PLUGINS_CONFIG (docs/plugins.md).</summary>
    public const string SupervisorConfigPath = "Plugins:ConfigPath";
    public const string HttpAddress = "HTTP_ADDRESS";
    public const string DashboardToken = "DASHBOARD_TOKEN";
    public const string LogFormat = "LOG_FORMAT";
    public const string DatabaseUrl = "Storage:DatabaseUrl";
    public const string RedisUrl = "Cluster:RedisUrl";
    public const string ShardCount = "Cluster:ShardCount";
    public const string ShardIds = "Cluster:ShardIds";
    public const string InstanceName = "Cluster:InstanceName";

    /// <summary>How long the host waits for every service (cogs first) to stop on shutdown.</summary>
    public const string ShutdownTimeout = "Host:ShutdownTimeout";

    /// <summary>The absolute directory relative paths are resolved against (set by the host, not by users).</summary>
    public const string ContentRoot = "Host:ContentRoot";

    /// <summary>"Discord" or "Sandbox" (set by the host).</summary>
    public const string Mode = "Host:Mode";
}
