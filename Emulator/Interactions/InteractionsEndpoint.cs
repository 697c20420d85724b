using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using NSec.Cryptography;

namespace AndyAI.Emulator.Interactions;

/// <summary>
/// Discord's side of an Interactions Endpoint URL: the application's Ed25519 key pair (the public half is what the
/// Developer Portal shows), the check Discord makes when the URL is saved (a signed PING must get PONG, a request
/// with a bad signature must get 401), and the signed POST of each interaction while a URL is set.
/// </summary>
internal sealed class InteractionsEndpoint : IDisposable
{
    private readonly Key _key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.None });
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly TimeProvider _time;

    public InteractionsEndpoint(TimeProvider time)
    {
        _time = time;
        PublicKeyHex = Convert.ToHexStringLower(_key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    /// <summary>The application's public key, 64 hex digits.</summary>
    public string PublicKeyHex { get; }

    /// <summary>Where interactions are POSTed instead of the gateway, or null.</summary>
    public Uri? Url { get; private set; }

    /// <summary>Hex Ed25519 signature of <paramref name="timestamp"/> followed by <paramref name="body"/>, as Discord sends in X-Signature-Ed25519.</summary>
    public string Sign(string timestamp, ReadOnlySpan<byte> body)
    {
        byte[] signed = new byte[Encoding.UTF8.GetByteCount(timestamp) + body.Length];
        int written = Encoding.UTF8.GetBytes(timestamp, signed);
        body.CopyTo(signed.AsSpan(written));
        return Convert.ToHexStringLower(SignatureAlgorithm.Ed25519.Sign(_key, signed));
    }

    /// <summary>
    /// Saves <paramref name="url"/> as the Developer Portal does, after checking it: null when it passed, else why not
    /// (the URL is then not changed). Null <paramref name="url"/> goes back to the gateway.
    /// </summary>
    public async Task<string?> SetAsync(Uri? url, CancellationToken cancellationToken)
    {
        if (url is null)
        {
            Url = null;
            return null;
        }

        byte[] ping = "{\"id\":\"1\",\"application_id\":\"1\",\"type\":1,\"token\":\"ping\",\"version\":1}"u8.ToArray();
        (int status, byte[] body) = await PostAsync(url, ping, badSignature: false, cancellationToken);
        if (status != 200 || !IsPong(body))
        {
            return $"a signed PING got {status} {Encoding.UTF8.GetString(body)} instead of 200 {{\"type\":1}}";
        }

        (int refused, _) = await PostAsync(url, ping, badSignature: true, cancellationToken);
        if (refused != 401)
        {
            return $"a PING with a bad signature got {refused} instead of 401: the endpoint does not check signatures";
        }

        Url = url;
        return null;
    }

    /// <summary>POSTs <paramref name="body"/> signed (or, for the check, signed wrongly) and returns the status and body.</summary>
    public async Task<(int Status, byte[] Body)> PostAsync(Uri url, byte[] body, bool badSignature, CancellationToken cancellationToken)
    {
        string timestamp = _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        string signature = Sign(timestamp, body);
        if (badSignature)
        {
            // One flipped bit: well-formed, and wrong.
            char last = signature[^1];
            signature = signature[..^1] + (last == '0' ? '1' : '0');
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Signature-Ed25519", signature);
        request.Headers.Add("X-Signature-Timestamp", timestamp);
        request.Headers.UserAgent.ParseAdd("Discord-Interactions/1.0 (+https://discord.com)");
        try
        {
            using HttpResponseMessage response = await _http.SendAsync(request, cancellationToken);
            return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(cancellationToken));
        }
        catch (HttpRequestException ex)
        {
            return (0, Encoding.UTF8.GetBytes(ex.Message));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (0, "timed out"u8.ToArray());
        }
    }

    public void Dispose()
    {
        _key.Dispose();
        _http.Dispose();
    }

    private static bool IsPong(byte[] body)
    {
        try
        {
            using JsonDocument json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("type", out JsonElement type) && type.ValueKind == JsonValueKind.Number && type.GetInt32() == 1;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
