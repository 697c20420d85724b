using System.Text;
using NSec.Cryptography;

namespace AndyAI.Host.Interactions;

/// <summary>
/// Checks Discord's signature on a request to the Interactions Endpoint URL: Ed25519 over the
/// <c>X-Signature-Timestamp</c> header followed by the raw body, against the application's public key. Discord
/// sends requests with bad signatures on purpose when the URL is saved, and refuses a URL that accepts them.
/// </summary>
internal sealed class InteractionSignature
{
    private const int SignatureBytes = 64;

    private readonly PublicKey? _key;

    private InteractionSignature(PublicKey? key) => _key = key;

    /// <summary>Whether a public key is configured (the endpoint is on).</summary>
    public bool IsConfigured => _key is not null;

    public static InteractionSignature FromOptions(InteractionsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.PublicKey is { Length: > 0 } hex
            ? new InteractionSignature(PublicKey.Import(SignatureAlgorithm.Ed25519, Convert.FromHexString(hex), KeyBlobFormat.RawPublicKey))
            : new InteractionSignature(null);
    }

    /// <summary>Whether <paramref name="signatureHex"/> signs <paramref name="timestamp"/> + <paramref name="body"/>; false for anything missing or malformed.</summary>
    public bool Verify(string? signatureHex, string? timestamp, ReadOnlySpan<byte> body)
    {
        if (_key is null || string.IsNullOrEmpty(timestamp) || signatureHex is not { Length: SignatureBytes * 2 })
        {
            return false;
        }

        Span<byte> signature = stackalloc byte[SignatureBytes];
        if (Convert.FromHexString(signatureHex, signature, out _, out int written) != System.Buffers.OperationStatus.Done || written != SignatureBytes)
        {
            return false;
        }

        int timestampBytes = Encoding.UTF8.GetByteCount(timestamp);
        byte[] signed = new byte[timestampBytes + body.Length];
        Encoding.UTF8.GetBytes(timestamp, signed);
        body.CopyTo(signed.AsSpan(timestampBytes));
        return SignatureAlgorithm.Ed25519.Verify(_key, signed, signature);
    }
}
