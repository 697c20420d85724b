using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace AndyAI.Host.Configuration;

/// <summary>
/// The configuration as the host resolved it, one <c>key = value</c> per line, for a Debug log at start and the
/// dashboard's Configuration page. Only the sections AndyAI uses are listed (not the whole process environment);
/// secrets are shown as <c>***</c>, and so is a password inside a connection string (DATABASE_URL, REDIS_URL).
/// </summary>
internal static partial class ConfigurationDump
{
    // Every section the host or a library binds: an operator checking a deployment looks here for DATABASE_URL
    // (Storage:DatabaseUrl), REDIS_URL, SHARD_COUNT, SHARD_IDS and INSTANCE_NAME (Cluster:*) first.
    private static readonly string[] Sections =
        ["Host", "Discord", "Llm", "Cache", "RateLimits", "Commands", "Interactions", "Settings", "Storage", "Cluster", "Plugins",
            "Sandbox", "Emulator", "OpenAiFake"];

    private static readonly string[] TopLevelKeys =
        [ConfigurationKeys.LogLevel, ConfigurationKeys.LogFile, ConfigurationKeys.PluginsConfig, ConfigurationKeys.LogFormat,
            ConfigurationKeys.HttpAddress, ConfigurationKeys.DashboardToken];

    public static string Format(IConfiguration configuration, IReadOnlyList<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(secrets);
        var lines = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach ((string key, string? value) in configuration.AsEnumerable())
        {
            if (value is null || !IsListed(key))
            {
                continue;
            }

            lines[key] = IsSecretPath(key) && !SecretValues.IsTokenCount(key, value)
                ? SecretValues.Mask
                : SecretValues.Redact(RedactPasswordFields(SecretValues.RedactUrl(value)), secrets);
        }

        var text = new StringBuilder("Configuration:");
        foreach ((string key, string value) in lines)
        {
            text.Append('\n').Append("  ").Append(key).Append(" = ").Append(value);
        }

        return text.ToString();
    }

    private static bool IsListed(string key)
    {
        foreach (string topLevel in TopLevelKeys)
        {
            if (string.Equals(key, topLevel, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        int colon = key.IndexOf(':', StringComparison.Ordinal);
        string section = colon < 0 ? key : key[..colon];
        return colon > 0 && Sections.Contains(section, StringComparer.OrdinalIgnoreCase);
    }

    // "Password=…" in an Npgsql connection string, "password=…" in a StackExchange.Redis one, "?password=…" in a URL:
    // masked whatever its length (the secrets list skips values shorter than six characters).
    internal static string RedactPasswordFields(string value) =>
        PasswordField().Replace(value, match => match.Groups["name"].Value + "=" + SecretValues.Mask);

    [GeneratedRegex(@"(?<name>\b(?:password|pwd))\s*=\s*[^;,&]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordField();

    // Any segment may mark a secret: Discord:Token, but also Cache:Redis:Password:0.
    private static bool IsSecretPath(string key)
    {
        foreach (string segment in key.Split(':'))
        {
            if (SecretValues.IsSecretKey(segment))
            {
                return true;
            }
        }

        return false;
    }
}
