using AndyAI.Host.Cogs.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Configuration;

/// <summary>What the host itself needs from configuration, validated once at start.</summary>
internal sealed record HostSettings
{
    public const string DefaultLogFile = "run/logs/andyai.log";
    public const string DefaultHttpAddress = "http://127.0.0.1:8080";
    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The directory relative paths are resolved against.</summary>
    public required string ContentRoot { get; init; }

    /// <summary>Discord when DISCORD_API_TOKEN is set; otherwise Sandbox.</summary>
    public required BotMode Mode { get; init; }

    /// <summary>The minimum level written to the log (LOG_LEVEL; default Information).</summary>
    public required LogLevel MinimumLevel { get; init; }

    /// <summary>The absolute path of the current log file (LOG_FILE; default run/logs/andyai.log).</summary>
    public required string LogFile { get; init; }

    /// <summary>
    /// The absolute path of plugins.json: Plugins:ConfigPath, else PLUGINS_CONFIG, else plugins.json in the content
    /// root. The one file the cogs, the dashboard and the data directory all come from.
    /// </summary>
    public required string PluginsConfigPath { get; init; }

    /// <summary>
    /// The absolute data directory from plugins.json (<c>dataDirectory</c>, default run/data next to it): the SQLite
    /// database, the cogs' folders, the generated dashboard token and the sandbox's saved files live here.
    /// </summary>
    public required string DataDirectory { get; init; }

    /// <summary>Users allowed to run owner-only commands besides the application's owners (ADMIN_USER_IDS).</summary>
    public required IReadOnlyList<ulong> AdminUserIds { get; init; }

    /// <summary>How long shutdown may take in total (Host:ShutdownTimeout; default 30 s).</summary>
    public required TimeSpan ShutdownTimeout { get; init; }

    /// <summary>Where the HTTP listener (probes, metrics, dashboard) binds (HTTP_ADDRESS), or null when it is off.</summary>
    public Uri? HttpAddress { get; init; } = new(DefaultHttpAddress);

    /// <summary>The dashboard's login token (DASHBOARD_TOKEN), or null to generate one at start.</summary>
    public string? DashboardToken { get; init; }

    /// <summary>
    /// Whether DASHBOARD_TOKEN was set while HTTP_ADDRESS is off: the token guards only the listener, so it is ignored
    /// (not checked, one Warning at start) rather than stopping a bot for a setting that does nothing.
    /// </summary>
    public bool DashboardTokenIgnored { get; init; }

    /// <summary>How log lines are written (LOG_FORMAT: text, the default, or json).</summary>
    public LogFormat LogFormat { get; init; } = LogFormat.Text;

    /// <summary>Every configured secret value (tokens, keys, passwords): masked in logs and dumps.</summary>
    public required SecretRegistry Secrets { get; init; }

    /// <summary>Validates and resolves the host's settings.</summary>
    /// <exception cref="ConfigurationException">One line naming the first missing or malformed setting.</exception>
    public static HostSettings FromConfiguration(IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        string? token = NonEmpty(configuration[ConfigurationKeys.DiscordToken]);
        BotMode mode = token is null ? BotMode.Sandbox : BotMode.Discord;
        if (token is not null)
        {
            ValidateToken(token);
        }

        ValidateUrl(configuration, ConfigurationKeys.DiscordApiBaseUrl);
        ValidateUrl(configuration, ConfigurationKeys.LlmBaseUrl);
        ValidateUrl(configuration, "OTEL_EXPORTER_OTLP_ENDPOINT");
        if (configuration[ConfigurationKeys.LlmModel] is { } model && model.Length > 0 && string.IsNullOrWhiteSpace(model))
        {
            throw Invalid(ConfigurationKeys.LlmModel, "is blank");
        }

        if (mode == BotMode.Discord
            && NonEmpty(configuration[ConfigurationKeys.LlmApiKey]) is null
            && NonEmpty(configuration[ConfigurationKeys.LlmBaseUrl]) is null)
        {
            throw new ConfigurationException(
                $"{EnvironmentVariables.OpenAiApiKey} is required when {EnvironmentVariables.DiscordToken} is set " +
                $"(or set {EnvironmentVariables.OpenAiBaseUrl} to a local OpenAI-compatible server)");
        }

        // The database password is masked like a token, whichever form DATABASE_URL takes.
        string? databasePassword = ParseDatabaseUrl(configuration[ConfigurationKeys.DatabaseUrl]);
        // So is a password inside REDIS_URL (password=…), which logs and replies must never show.
        string? redisPassword = AndyAI.Cluster.RedisUrl.PasswordOf(configuration[ConfigurationKeys.RedisUrl]);
        string pluginsConfigPath = ResolvePluginsConfig(configuration, contentRoot);
        Uri? httpAddress = ParseHttpAddress(configuration[ConfigurationKeys.HttpAddress]);
        bool dashboardTokenIgnored = httpAddress is null && !string.IsNullOrWhiteSpace(configuration[ConfigurationKeys.DashboardToken]);
        return new HostSettings
        {
            ContentRoot = contentRoot,
            Mode = mode,
            MinimumLevel = ParseLogLevel(configuration[ConfigurationKeys.LogLevel]),
            LogFile = ResolveLogFile(configuration[ConfigurationKeys.LogFile], contentRoot),
            PluginsConfigPath = pluginsConfigPath,
            // Read here, before logging starts, so a mistake in plugins.json is one "Configuration error" line like
            // any other setting's.
            DataDirectory = PluginsConfigurationParser.Load(pluginsConfigPath).DataDirectory,
            AdminUserIds = ParseAdminUserIds(configuration.GetSection(ConfigurationKeys.AdminUserIds)),
            ShutdownTimeout = ParseShutdownTimeout(configuration[ConfigurationKeys.ShutdownTimeout]),
            HttpAddress = httpAddress,
            DashboardToken = dashboardTokenIgnored ? null : ParseDashboardToken(configuration[ConfigurationKeys.DashboardToken]),
            DashboardTokenIgnored = dashboardTokenIgnored,
            LogFormat = ParseLogFormat(configuration[ConfigurationKeys.LogFormat]),
            Secrets = new SecretRegistry(SecretValues.Collect(configuration)
                .Concat(new[] { databasePassword, redisPassword }.OfType<string>())),
        };
    }

    /// <summary>Parses LOG_LEVEL: .NET names (Trace, Debug, Information, Warning, Error, Critical, None) or the seed's (INFO, WARN, FATAL, OFF), any case.</summary>
    public static LogLevel ParseLogLevel(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return LogLevel.Information;
        }

        return value.Trim().ToUpperInvariant() switch
        {
            "TRACE" or "VERBOSE" => LogLevel.Trace,
            "DEBUG" => LogLevel.Debug,
            "INFO" or "INFORMATION" => LogLevel.Information,
            "WARN" or "WARNING" => LogLevel.Warning,
            "ERROR" => LogLevel.Error,
            "CRITICAL" or "FATAL" => LogLevel.Critical,
            "NONE" or "OFF" => LogLevel.None,
            _ => throw Invalid(ConfigurationKeys.LogLevel, $"is '{value.Trim()}'; expected Trace, Debug, Information, Warning, Error, Critical or None"),
        };
    }

    /// <summary>
    /// Parses HTTP_ADDRESS: <c>off</c> disables the listener; otherwise <c>http://host:port</c> with an IP address or
    /// <c>localhost</c> as host (port 0 picks a free port) and no path. TLS belongs to a reverse proxy in front.
    /// </summary>
    public static Uri? ParseHttpAddress(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return new Uri(DefaultHttpAddress);
        }

        string text = value.Trim();
        if (string.Equals(text, "off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        const string expected = "expected off or http://host:port, e.g. http://127.0.0.1:8080 (an IP address or localhost; port 0 picks a free one)";
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            throw Invalid(ConfigurationKeys.HttpAddress, $"is '{SecretValues.RedactUrl(text)}'; {expected}");
        }

        bool hostIsAddress = uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || uri.IsLoopback && uri.Host == "localhost";
        bool portGiven = text.AsSpan(uri.Scheme.Length + 3).Contains(':') && !text.EndsWith(']');
        if (!hostIsAddress || !portGiven || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
        {
            throw Invalid(ConfigurationKeys.HttpAddress, $"is '{SecretValues.RedactUrl(text)}'; {expected}");
        }

        return uri;
    }

    private static string? ParseDashboardToken(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // Never echo the token. Short ones are guessable, and a value under six characters would not be masked in logs.
        string token = value.Trim();
        if (token.Length < 16)
        {
            throw Invalid(ConfigurationKeys.DashboardToken, "is shorter than 16 characters; use a long random value (or leave it unset to get one generated)");
        }

        return token;
    }

    /// <summary>Parses LOG_FORMAT: text (default) or json, any case.</summary>
    public static LogFormat ParseLogFormat(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return LogFormat.Text;
        }

        return value.Trim().ToUpperInvariant() switch
        {
            "TEXT" => LogFormat.Text,
            "JSON" => LogFormat.Json,
            _ => throw Invalid(ConfigurationKeys.LogFormat, $"is '{value.Trim()}'; expected text or json"),
        };
    }

    private static string ResolveLogFile(string? value, string contentRoot)
    {
        string path = string.IsNullOrWhiteSpace(value) ? DefaultLogFile : value.Trim();
        if (path.EndsWith('/') || path.EndsWith(Path.DirectorySeparatorChar))
        {
            throw Invalid(ConfigurationKeys.LogFile, $"is '{path}', a directory; give a file name such as run/logs/andyai.log");
        }

        string full = FullPath(ConfigurationKeys.LogFile, path, contentRoot);
        if (Directory.Exists(full))
        {
            throw Invalid(ConfigurationKeys.LogFile, $"is '{path}', which is a directory; give a file name such as run/logs/andyai.log");
        }

        // NLog drops what it cannot write without a word, and every "details in LOG_FILE" hint would point at
        // nothing: try the file now (creating it, as the first log line would).
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            using var probe = new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Invalid(ConfigurationKeys.LogFile, $"is '{path}', which cannot be written ({e.Message.ReplaceLineEndings(" ")}); give a file this user can write, such as run/logs/andyai.log");
        }

        return full;
    }

    private static string ResolvePluginsConfig(IConfiguration configuration, string contentRoot)
    {
        (string key, string? value) = NonEmpty(configuration[ConfigurationKeys.SupervisorConfigPath]) is { } path
            ? (ConfigurationKeys.SupervisorConfigPath, path)
            : (ConfigurationKeys.PluginsConfig, configuration[ConfigurationKeys.PluginsConfig]);
        if (string.IsNullOrWhiteSpace(value))
        {
            return Path.Combine(contentRoot, Configuration.ContentRoot.PluginsFileName);
        }

        // An explicit path that does not exist is a mistake (a typo would silently run without cogs).
        string full = FullPath(key, value.Trim(), contentRoot);
        if (Directory.Exists(full))
        {
            throw Invalid(key, $"is '{value.Trim()}', which is a directory; give the path of a file such as {Path.Combine(value.Trim(), Configuration.ContentRoot.PluginsFileName)}");
        }

        if (!File.Exists(full))
        {
            throw Invalid(key, $"names '{value.Trim()}', which does not exist (resolved to {full})");
        }

        return full;
    }

    private static List<ulong> ParseAdminUserIds(IConfigurationSection section)
    {
        IEnumerable<string> parts = section.Value is { } joined
            ? joined.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(child => child.Value ?? "");
        var ids = new List<ulong>();
        foreach (string part in parts)
        {
            if (!ulong.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong id) || id == 0)
            {
                throw Invalid(ConfigurationKeys.AdminUserIds, $"contains '{part}', which is not a user id (comma-separated numeric snowflakes)");
            }

            if (!ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    private static TimeSpan ParseShutdownTimeout(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultShutdownTimeout;
        }

        if (!TimeSpan.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out TimeSpan timeout)
            || timeout < TimeSpan.FromSeconds(1) || timeout > TimeSpan.FromMinutes(10))
        {
            throw Invalid(ConfigurationKeys.ShutdownTimeout, $"is '{value}'; expected a time span between 00:00:01 and 00:10:00");
        }

        return timeout;
    }

    /// <summary>Checks DATABASE_URL's form at start; returns its password, if any.</summary>
    private static string? ParseDatabaseUrl(string? value)
    {
        if (NonEmpty(value) is not { } url)
        {
            return null;
        }

        try
        {
            return AndyAI.Storage.DatabaseUrl.Parse(url).Password;
        }
        catch (FormatException ex)
        {
            throw Invalid(ConfigurationKeys.DatabaseUrl, ex.Message);
        }
    }

    private static void ValidateToken(string token)
    {
        // Never echo the token: the message names the setting and the problem only.
        if (token.Any(char.IsWhiteSpace))
        {
            throw Invalid(ConfigurationKeys.DiscordToken, token.StartsWith("Bot ", StringComparison.OrdinalIgnoreCase)
                ? "starts with 'Bot '; give the bare token"
                : "contains whitespace");
        }
    }

    private static void ValidateUrl(IConfiguration configuration, string key)
    {
        string? value = NonEmpty(configuration[key]);
        if (value is null)
        {
            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw Invalid(key, $"is '{SecretValues.RedactUrl(value)}'; expected an absolute http:// or https:// URL");
        }
    }

    private static string FullPath(string key, string path, string contentRoot)
    {
        try
        {
            return Path.GetFullPath(path, contentRoot);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Invalid(key, $"is not a valid path ({ex.Message})");
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static ConfigurationException Invalid(string key, string problem) => new($"{EnvironmentVariables.Describe(key)} {problem}");
}
