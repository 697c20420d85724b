using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace AndyAI.Host.Configuration;

/// <summary>Decides which settings are secret and masks them (and their values anywhere in a text) as <c>***</c>.</summary>
internal static class SecretValues
{
    public const string Mask = "***";

    // Shorter values are not masked inside free text: masking "abc" everywhere would garble logs and protect nothing.
    // Where one stands as the value of a password field or in a URL's user info it is masked all the same
    // (RedactValues): there it is the secret, whatever its length.
    public const int MinimumMaskedLength = 6;

    private static readonly System.Buffers.SearchValues<char> NotInUserInfo = System.Buffers.SearchValues.Create("/@ \t\r\n");

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

    /// <summary>
    /// The values of every secret key and the user info of every URL (and its password alone), longest first (so a
    /// secret containing another is masked whole). Short ones are included: <see cref="SecretRegistry"/> masks those
    /// only where they stand as a value (<see cref="RedactValues"/>).
    /// </summary>
    public static IReadOnlyList<string> Collect(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string key, string? value) in configuration.AsEnumerable())
        {
            if (value is not null && IsSecret(key, value) && value.Trim().Length > 0)
            {
                secrets.Add(value.Trim());
            }

            if (value is not null)
            {
                AddUserInfo(value, secrets);
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
    /// part of any URL (and its password alone); short ones included, as in <see cref="Collect"/>.
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
                if (underSecretKey && value.Length > 0)
                {
                    secrets.Add(value);
                }

                AddUserInfo(value, secrets);
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

    /// <summary>
    /// Masks each of <paramref name="secrets"/> (the short ones, which free text keeps) where it stands as a value: after
    /// <c>password=</c>, <c>pwd=</c> or another secret-looking key and <c>=</c> in a connection string
    /// (<c>Password=abc;</c>, <c>…,password=abc</c>), or as a URL's user info (<c>redis://:abc@host</c>,
    /// <c>postgres://bot:abc@db</c>). The value must end there (<c>;</c>, <c>,</c>, <c>&amp;</c>, <c>@</c>, a quote,
    /// a space or the end), so "password=abcdef" does not lose its start to the secret "abc".
    /// </summary>
    public static string RedactValues(string text, IReadOnlyList<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(secrets);
        string result = text;
        for (int i = 0; i < secrets.Count; i++)
        {
            string secret = secrets[i];
            int from = 0;
            int at;
            while (from < result.Length && (at = result.IndexOf(secret, from, StringComparison.Ordinal)) >= 0)
            {
                if (StandsAsValue(result, at, at + secret.Length))
                {
                    result = string.Concat(result.AsSpan(0, at), Mask, result.AsSpan(at + secret.Length));
                    from = at + Mask.Length;
                }
                else
                {
                    from = at + 1;
                }
            }
        }

        return result;
    }

    private static bool StandsAsValue(string text, int start, int end)
    {
        if (start == 0 || (end < text.Length && !IsValueEnd(text[end])))
        {
            return false;
        }

        int equals = start - 1;
        while (equals > 0 && text[equals] == ' ') equals--;
        if (text[equals] == '=')
        {
            // The key before '=': letters, digits, '_', '-' and spaces ("User Password = abc").
            int keyStart = equals;
            while (keyStart > 0 && (char.IsAsciiLetterOrDigit(text[keyStart - 1]) || text[keyStart - 1] is '_' or '-' or ' ')) keyStart--;
            string key = text[keyStart..equals].Trim();
            return key.Length > 0 && (IsSecretKey(key) || key.Equals("pwd", StringComparison.OrdinalIgnoreCase) || key.Equals("psw", StringComparison.OrdinalIgnoreCase));
        }

        // A URL's user info: "scheme://secret@" or "scheme://user:secret@".
        char before = text[start - 1];
        if (end == text.Length || text[end] != '@' || (before != ':' && before != '/'))
        {
            return false;
        }

        int scheme = text.LastIndexOf("://", start - 1, StringComparison.Ordinal);
        if (scheme < 0)
        {
            return false;
        }

        ReadOnlySpan<char> user = text.AsSpan(scheme + 3, start - scheme - 3);
        return user.IndexOfAny(NotInUserInfo) < 0 && (user.IsEmpty || user[^1] == ':');
    }

    private static bool IsValueEnd(char c) => c is ';' or ',' or '&' or '@' or '"' or '\'' or ')' or ']' or '}' || char.IsWhiteSpace(c);

    /// <summary>Masks the user-info part of a URL (<c>redis://user:pass@host</c> → <c>redis://***@host</c>).</summary>
    public static string RedactUrl(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryGetUserInfo(value, out string? userInfo) ? value.Replace(userInfo + "@", Mask + "@", StringComparison.Ordinal) : value;
    }

    // The whole user info ("bot:pass") and the password alone: a log line may show either.
    private static void AddUserInfo(string value, HashSet<string> secrets)
    {
        if (!TryGetUserInfo(value, out string? userInfo))
        {
            return;
        }

        secrets.Add(userInfo);
        int colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0 && colon < userInfo.Length - 1)
        {
            string password = userInfo[(colon + 1)..];
            secrets.Add(password);
            secrets.Add(Uri.UnescapeDataString(password));
        }
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
