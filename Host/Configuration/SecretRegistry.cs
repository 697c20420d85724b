using System.Text.Json;
using AndyAI.Discord.Hosting;

namespace AndyAI.Host.Configuration;

/// <summary>
/// The secrets masked as <c>***</c> in every log line and in every text the bot posts to Discord: the configuration's
/// secrets from start, plus the values of secret-looking keys in cogs' <c>plugins.json</c> settings as each cog
/// instance gets its context. The set only grows: a value that was once a secret stays masked after it is removed
/// from plugins.json, which costs nothing and cannot leak. Secrets shorter than
/// <see cref="SecretValues.MinimumMaskedLength"/> are masked only where they stand as a value (<c>password=abc</c>,
/// <c>redis://:abc@host</c>): masked everywhere, they would garble ordinary words.
/// </summary>
internal sealed class SecretRegistry : IOutgoingContentFilter
{
    private readonly Lock _gate = new();

    // Both lists, longest first (a secret containing another is masked whole); replaced as a whole, so readers need no lock.
    private Known _known;

    public SecretRegistry(IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _known = Known.Of(secrets);
    }

    /// <summary>The secrets known now that are masked anywhere in a text, longest first.</summary>
    public IReadOnlyList<string> Current => Volatile.Read(ref _known).Anywhere;

    /// <summary>Masks every known secret in <paramref name="text"/>.</summary>
    public string Redact(string text)
    {
        Known known = Volatile.Read(ref _known);
        string redacted = SecretValues.Redact(text, known.Anywhere);
        return known.AsValue.Length == 0 ? redacted : SecretValues.RedactValues(redacted, known.AsValue);
    }

    /// <summary>Adds one secret the host made itself (the generated dashboard token).</summary>
    public void Add(string secret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        Include([secret]);
    }

    /// <summary>Adds the secret values found in a cog's settings (see <see cref="SecretValues.CollectFromSettings"/>).</summary>
    public void AddFromSettings(JsonElement settings) => Include(SecretValues.CollectFromSettings(settings));

    // A posted text may also end in the first characters of a secret (a streamed answer's edit); those are masked too.
    string IOutgoingContentFilter.Apply(string content)
    {
        Known known = Volatile.Read(ref _known);
        string redacted = Redact(content);
        return SecretValues.RedactTrailingStart(redacted, known.Anywhere);
    }

    private void Include(IReadOnlyList<string> found)
    {
        if (found.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            Known current = _known;
            if (found.All(current.Contains))
            {
                return;
            }

            Volatile.Write(ref _known, Known.Of(current.Anywhere.Concat(current.AsValue).Concat(found)));
        }
    }

    /// <summary>The secrets masked anywhere and the short ones masked only as a value.</summary>
    private sealed class Known(string[] anywhere, string[] asValue)
    {
        public string[] Anywhere { get; } = anywhere;

        public string[] AsValue { get; } = asValue;

        public static Known Of(IEnumerable<string> secrets)
        {
            string[] all = [.. secrets.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)];
            return new Known(
                [.. all.Where(s => s.Length >= SecretValues.MinimumMaskedLength)],
                [.. all.Where(s => s.Length < SecretValues.MinimumMaskedLength)]);
        }

        public bool Contains(string secret) => Anywhere.Contains(secret) || AsValue.Contains(secret);
    }
}
