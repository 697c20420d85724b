using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace AndyAI.Discord.Gateway;

/// <summary>
/// The client side of the RFC 6455 opening handshake (section 4): an HTTP/1.1 <c>GET</c> with <c>Upgrade:
/// websocket</c>, then a check that the answer is <c>101</c> with the matching <c>Sec-WebSocket-Accept</c> and
/// no extension or subprotocol we did not offer. What follows the response's blank line is WebSocket frames.
/// </summary>
internal static class WebSocketHandshake
{
    /// <summary>The longest response head we accept before giving up on the peer.</summary>
    public const int MaxResponseHeadLength = 8 * 1024;

    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>Writes the upgrade request for <paramref name="uri"/> and returns the key it sent.</summary>
    public static async ValueTask<string> SendRequestAsync(Stream stream, Uri uri, string userAgent, CancellationToken cancellationToken)
    {
        string key = NewKey();
        string target = string.IsNullOrEmpty(uri.PathAndQuery) ? "/" : uri.PathAndQuery;
        string request =
            $"GET {target} HTTP/1.1\r\n" +
            $"Host: {uri.Authority}\r\n" +
            "Upgrade: websocket\r\n" +
            "Connection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: {key}\r\n" +
            "Sec-WebSocket-Version: 13\r\n" +
            $"User-Agent: {userAgent}\r\n" +
            "\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancellationToken);
        await stream.FlushAsync(cancellationToken);
        return key;
    }

    /// <summary>Reads the response head from <paramref name="stream"/> and checks it; leaves what follows buffered.</summary>
    /// <exception cref="WebSocketException">The peer did not switch to WebSocket correctly.</exception>
    public static async ValueTask ReadResponseAsync(BufferedReadStream stream, string key, CancellationToken cancellationToken)
    {
        int headLength;
        while ((headLength = stream.Buffered.IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (stream.Buffered.Length >= MaxResponseHeadLength)
            {
                throw Fail($"the response head is longer than {MaxResponseHeadLength} bytes");
            }

            if (!await stream.FillAsync(cancellationToken))
            {
                throw Fail("the connection closed during the handshake");
            }
        }

        string head = Encoding.Latin1.GetString(stream.Buffered[..headLength]);
        stream.Consume(headLength + 4);
        Validate(head, key);
    }

    /// <summary>Checks a response head (status line and headers, without the final blank line).</summary>
    /// <exception cref="WebSocketException">The response does not accept the upgrade offered with <paramref name="key"/>.</exception>
    public static void Validate(string head, string key)
    {
        string[] lines = head.Split("\r\n");
        string status = lines[0];
        // "HTTP/1.1 101 Switching Protocols": the code is the second token.
        string[] statusParts = status.Split(' ', 3);
        if (statusParts.Length < 2 || !statusParts[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || statusParts[1].Length != 3)
        {
            throw Fail($"the answer is not HTTP: '{Truncate(status)}'");
        }

        if (statusParts[1] != "101")
        {
            throw new WebSocketException(
                WebSocketError.NotAWebSocket,
                $"The gateway answered HTTP {statusParts[1]} instead of switching to WebSocket ('{Truncate(status)}').");
        }

        string? upgrade = null, connection = null, accept = null, extensions = null, protocol = null;
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i];
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) throw Fail($"malformed header line '{Truncate(line)}'");
            string name = line[..colon].Trim();
            string value = line[(colon + 1)..].Trim();
            if (name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase)) upgrade = value;
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase)) connection = value;
            else if (name.Equals("Sec-WebSocket-Accept", StringComparison.OrdinalIgnoreCase)) accept = value;
            else if (name.Equals("Sec-WebSocket-Extensions", StringComparison.OrdinalIgnoreCase)) extensions = value;
            else if (name.Equals("Sec-WebSocket-Protocol", StringComparison.OrdinalIgnoreCase)) protocol = value;
        }

        if (!string.Equals(upgrade, "websocket", StringComparison.OrdinalIgnoreCase))
        {
            throw Fail("the response has no 'Upgrade: websocket' header");
        }

        if (connection is null || !connection.Split(',').Any(token => token.Trim().Equals("upgrade", StringComparison.OrdinalIgnoreCase)))
        {
            throw Fail("the response has no 'Connection: upgrade' header");
        }

        if (accept != ExpectedAccept(key))
        {
            throw Fail("Sec-WebSocket-Accept does not match the key we sent");
        }

        if (!string.IsNullOrEmpty(extensions)) throw Fail($"the server chose extensions we did not offer ('{Truncate(extensions)}')");
        if (!string.IsNullOrEmpty(protocol)) throw Fail($"the server chose a subprotocol we did not offer ('{Truncate(protocol)}')");
    }

    /// <summary>base64(SHA-1(key + the RFC's GUID)), the value a server must echo.</summary>
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "RFC 6455 fixes SHA-1 for Sec-WebSocket-Accept; it proves the peer speaks WebSocket, it protects nothing.")]
    public static string ExpectedAccept(string key)
    {
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptGuid), hash);
        return Convert.ToBase64String(hash);
    }

    private static string NewKey()
    {
        Span<byte> nonce = stackalloc byte[16];
        RandomNumberGenerator.Fill(nonce);
        Span<byte> base64 = stackalloc byte[24];
        Base64.EncodeToUtf8(nonce, base64, out _, out int written);
        return Encoding.ASCII.GetString(base64[..written]);
    }

    private static WebSocketException Fail(string why) =>
        new(WebSocketError.HeaderError, $"The gateway's WebSocket handshake failed: {why}.");

    private static string Truncate(string text) => text.Length <= 120 ? text : text[..120] + "…";
}
