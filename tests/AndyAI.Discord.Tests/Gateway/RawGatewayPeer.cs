using System.Text;
using AndyAI.Discord.Gateway;

namespace AndyAI.Discord.Tests.Gateway;

/// <summary>The server side of the upgrade, written by hand so tests control every byte.</summary>
internal static class RawGatewayPeer
{
    /// <summary>How long a test peer waits for the client at most (a hang guard, never a timing assertion).</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    public static async Task<(string Request, string Key)> ReadUpgradeRequestAsync(Stream stream)
    {
        var request = new StringBuilder();
        byte[] buffer = new byte[1024];
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            int read = await stream.ReadAsync(buffer);
            if (read == 0) throw new IOException("The client closed before finishing its upgrade request.");
            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        string text = request.ToString();
        string key = text.Split("\r\n").First(l => l.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))["Sec-WebSocket-Key:".Length..].Trim();
        return (text, key);
    }

    public static byte[] SwitchingProtocols(string key) => Encoding.ASCII.GetBytes(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + $"Sec-WebSocket-Accept: {WebSocketHandshake.ExpectedAccept(key)}\r\n\r\n");
}
