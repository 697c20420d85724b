using System.Text.Json;
using AndyAI.Discord.Hosting;

namespace AndyAI.Host.Configuration;

/// <summary>
/// The secrets masked as <c>***</c> in every log line and in every text the bot posts to Discord: the configuration's
/// secrets from start, plus the values of secret-looking keys in cogs' <c>plugins.json</c> settings as each cog
/// instance gets its context. The set only grows: a value that was once a secret stays masked after it is removed
/// from plugins.json, which costs nothing and cannot leak.
/// </summary>
internal sealed class SecretRegistry : IOutgoingContentFilter
{
    private readonly Lock _gate = new();

    // Longest first (a secret containing another is masked whole); replaced as a whole, so readers need no lock.
    private string[] _secrets;

    public SecretRegistry(IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _secrets = Order(secrets);
    }

    /// <summary>The secrets known now, longest first.</summary>
    public IReadOnlyList<string> Current => Volatile.Read(ref _secrets);

    /// <summary>Masks every known secret in <paramref name="text"/>.</summary>
    public string Redact(string text) => SecretValues.Redact(text, Volatile.Read(ref _secrets));

    /// <summary>Adds one secret the host made itself (the generated dashboard token).</summary>
    public void Add(string secret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        lock (_gate)
        {
            if (!_secrets.Contains(secret))
            {
                Volatile.Write(ref _secrets, Order(_secrets.Append(secret)));
            }
        }
    }

    /// <summary>Adds the secret values found in a cog's settings (see <see cref="SecretValues.CollectFromSettings"/>).</summary>
    public void AddFromSettings(JsonElement settings)
    {
        IReadOnlyList<string> found = SecretValues.CollectFromSettings(settings);
        if (found.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            string[] current = _secrets;
            if (found.All(current.Contains))
            {
                return;
            }

            Volatile.Write(ref _secrets, Order(current.Concat(found)));
        }
    }

    // A posted text may also end in the first characters of a secret (a streamed answer's edit); those are masked too.
    string IOutgoingContentFilter.Apply(string content)
    {
        string[] secrets = Volatile.Read(ref _secrets);
        return SecretValues.RedactTrailingStart(SecretValues.Redact(content, secrets), secrets);
    }

    private static string[] Order(IEnumerable<string> secrets) =>
        [.. secrets.Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)];
}
