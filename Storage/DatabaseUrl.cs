using System.Globalization;
using Npgsql;

namespace AndyAI.Storage;

/// <summary>
/// DATABASE_URL, parsed: a <c>postgres://</c> / <c>postgresql://</c> URL or an Npgsql connection string, as an Npgsql
/// connection string plus the password (so the host can mask it in logs) and a description safe to log.
/// </summary>
public sealed class DatabaseUrl
{
    private DatabaseUrl(string connectionString, string? password, string description)
    {
        ConnectionString = connectionString;
        Password = password;
        Description = description;
    }

    /// <summary>The Npgsql connection string (holds the password: never log it).</summary>
    public string ConnectionString { get; }

    /// <summary>The password, when one is given.</summary>
    public string? Password { get; }

    /// <summary><c>PostgreSQL user@host:port/database</c>, without the password.</summary>
    public string Description { get; }

    /// <summary>Parses DATABASE_URL.</summary>
    /// <exception cref="FormatException">One line saying what is wrong; never contains the password.</exception>
    public static DatabaseUrl Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string text = value.Trim();
        NpgsqlConnectionStringBuilder builder;
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            builder = FromUrl(text);
        }
        else if (text.Contains("://", StringComparison.Ordinal))
        {
            string scheme = text[..text.IndexOf("://", StringComparison.Ordinal)];
            throw new FormatException($"has the scheme '{scheme}'; expected postgres://user:password@host:port/database or an Npgsql connection string (Host=…;Database=…)");
        }
        else
        {
            try
            {
                builder = new NpgsqlConnectionStringBuilder(text);
            }
            catch (ArgumentException ex)
            {
                // Npgsql's message names the keyword, never the value.
                throw new FormatException($"is not a valid Npgsql connection string ({ex.Message.ReplaceLineEndings(" ")})", ex);
            }
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new FormatException("names no host; expected postgres://user:password@host:port/database");
        }

        builder.ApplicationName ??= "AndyAI";
        // The answer path runs the same few statements over and over: prepared plans save the planning, and a pooled
        // connection needs no DISCARD ALL (AndyAI sets no session state). A connection string may say otherwise.
        if (!text.Contains("auto prepare", StringComparison.OrdinalIgnoreCase) && !text.Contains("max_auto_prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 32;
        }

        if (!text.Contains("reset on close", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }
        string user = string.IsNullOrEmpty(builder.Username) ? "" : builder.Username + "@";
        string description = string.Create(CultureInfo.InvariantCulture, $"PostgreSQL {user}{builder.Host}:{builder.Port}/{builder.Database}");
        return new DatabaseUrl(builder.ConnectionString, string.IsNullOrEmpty(builder.Password) ? null : builder.Password, description);
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException("is not a valid URL; expected postgres://user:password@host:port/database");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } database ? database : null,
        };
        if (uri.UserInfo.Length > 0)
        {
            int colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            string key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            string parameter = Uri.UnescapeDataString(equals < 0 ? "" : pair[(equals + 1)..]);
            try
            {
                // libpq's names for the common parameters; anything else must be an Npgsql keyword.
                builder[key switch
                {
                    "sslmode" => "SSL Mode",
                    "connect_timeout" => "Timeout",
                    "application_name" => "Application Name",
                    _ => key,
                }] = parameter;
            }
            catch (ArgumentException ex)
            {
                throw new FormatException($"has the query parameter '{key}', which is not supported ({ex.Message.ReplaceLineEndings(" ")})", ex);
            }
        }

        return builder;
    }
}
