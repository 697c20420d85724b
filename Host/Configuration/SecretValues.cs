using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace AndyAI.Host.Configuration;

/// <summary>Decides which settings are secret and masks them (and their values anywhere in a text) as <c>***</c>.</summary>
internal static class SecretValues
{
    public const string Mask = "***";

    // Shorter values are not masked inside free text: masking "abc" everywhere would garble logs and protect nothing.
    public const int MinimumMaskedLength = 6;

    private static readonly string[] SecretNameParts =
        ["token", "secret", "password", "passwd", "apikey", "api_key", "connectionstring", "credential", "privatekey"];

    /// <summary>Whether a configuration key or variable name holds a secret (…Token, …ApiKey, OPENAI_API_KEY, …Password).</summary>
    public static bool IsSecretKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        string lastSegment = key[(key.LastIndexOf(':') + 1)..];
        // Llm:Models:<name>:ApiKeyVariable holds the name of the variable with the key (GROQ_API_KEY), not the key:
        // masked, the start-up error "names ***, which is not set" would not say which variable to set.
        if (lastSegment.EndsWith("Variable", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (string part in SecretNameParts)
        {
            if (lastSegment.Contains(part, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        // "…Key" and "…_KEY" (ApiKey, OPENAI_API_KEY) but not PWD, the shell's working directory.
        return lastSegment.EndsWith("key", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether <paramref name="key"/>'s value is a secret: its name says so and it is no <see cref="IsTokenCount"/>.</summary>
    public static bool IsSecret(string key, string? value) => IsSecretKey(key) && !IsTokenCount(key, value);

    /// <summary>
    /// Whether the setting is a count of language-model tokens (Llm:MaxOutputTokens, Settings:DailyUserTokens,
    /// …ContextTokens = a whole number): a limit an operator needs to read, which masked would turn every "100000" in
    /// the log into ***. Decided by the value too: a key ending in Tokens that holds text (GITHUB_TOKENS=ghp_…) is no
    /// count, and stays a secret.
    /// </summary>
    public static bool IsTokenCount(string key, string? value) =>
        key.EndsWith("Tokens", StringComparison.OrdinalIgnoreCase)
        && long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingWhite | System.Globalization.NumberStyles.AllowTrailingWhite,
            System.Globalization.CultureInfo.InvariantCulture, out _);

    /// <summary>The values of every secret key, longest first (so a secret containing another is masked whole).</summary>
    public static IReadOnlyList<string> Collect(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string key, string? value) in configuration.AsEnumerable())
        {
            if (value is not null && IsSecret(key, value) && value.Trim().Length >= MinimumMaskedLength)
            {
                secrets.Add(value.Trim());
            }

            if (value is not null && TryGetUserInfo(value, out string? userInfo) && userInfo.Length >= MinimumMaskedLength)
            {
                secrets.Add(userInfo);
            }
        }

        return [.. secrets.OrderByDescending(s => s.Length)];
    }

    // Cog settings are free-form: a key merely containing one of these words (botToken, apiKeyFile, clientSecret,
    // dbPassword) is treated as a secret, since a false positive only masks a harmless value.
    private static readonly string[] SettingsSecretNameParts = ["token", "key", "secret", "password", "passwd", "credential"];

    /// <summary>Whether a key of a cog's settings object names a secret (contains token, key, secret, password…).</summary>
    public static bool IsSettingsSecretKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (string part in SettingsSecretNameParts)
        {
            if (key.Contains(part, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The secret values in a cog's settings: every string (at any depth) under a secret-looking key, and the user-info
    /// part of any URL; values shorter than <see cref="MinimumMaskedLength"/> are skipped as in <see cref="Collect"/>.
    /// </summary>
    public static IReadOnlyList<string> CollectFromSettings(JsonElement settings)
    {
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        Walk(settings, underSecretKey: false, secrets);
        return [.. secrets];
    }

    private static void Walk(JsonElement element, bool underSecretKey, HashSet<string> secrets)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    Walk(property.Value, underSecretKey || IsSettingsSecretKey(property.Name), secrets);
                }

                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    Walk(item, underSecretKey, secrets);
                }

                break;
            case JsonValueKind.String:
                string value = element.GetString()!.Trim();
                if (underSecretKey && value.Length >= MinimumMaskedLength)
                {
                    secrets.Add(value);
                }

                if (TryGetUserInfo(value, out string? userInfo) && userInfo.Length >= MinimumMaskedLength)
                {
                    secrets.Add(userInfo);
                }

                break;
        }
    }

    /// <summary>Replaces every occurrence of every secret in <paramref name="text"/> with <c>***</c>.</summary>
    public static string Redact(string text, IReadOnlyList<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(secrets);
        string result = text;
        for (int i = 0; i < secrets.Count; i++)
        {
            if (result.Contains(secrets[i], StringComparison.Ordinal))
            {
                result = result.Replace(secrets[i], Mask, StringComparison.Ordinal);
            }
        }

        return result;
    }

    /// <summary>
    /// Masks the end of <paramref name="text"/> when it is the start of a secret: a streamed answer is posted while it
    /// is still being written, so an edit can end in the middle of a secret that only the next edit completes. Starts
    /// shorter than <see cref="MinimumMaskedLength"/> stay: they give next to nothing away, and masking them would
    /// eat ordinary words ("…fake" when a secret starts "fake-").
    /// </summary>
    public static string RedactTrailingStart(string text, IReadOnlyList<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(secrets);
        int longest = 0;
        for (int i = 0; i < secrets.Count; i++)
        {
            string secret = secrets[i];
            for (int length = Math.Min(secret.Length - 1, text.Length); length >= MinimumMaskedLength && length > longest; length--)
            {
                if (text.AsSpan(text.Length - length).SequenceEqual(secret.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }

        return longest == 0 ? text : string.Concat(text.AsSpan(0, text.Length - longest), Mask);
    }

    /// <summary>Masks the user-info part of a URL (<c>redis://user:pass@host</c> → <c>redis://***@host</c>).</summary>
    public static string RedactUrl(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryGetUserInfo(value, out string? userInfo) ? value.Replace(userInfo + "@", Mask + "@", StringComparison.Ordinal) : value;
    }

    private static bool TryGetUserInfo(string value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? userInfo)
    {
        userInfo = null;
        if (value.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && uri.UserInfo.Length > 0)
        {
            userInfo = uri.UserInfo;
            return true;
        }

        return false;
    }
}
