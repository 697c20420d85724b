using System.Net.WebSockets;
using System.Text;

namespace AndyAI.Emulator.Tests.Support;

/// <summary>A minimal, honest gateway client for tests: it sends exactly what the test tells it to.</summary>
internal sealed class GatewayTestClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly ClientWebSocket _socket = new();
    private readonly byte[] _buffer = new byte[1 << 20];

    public List<byte[]> BinaryMessages { get; } = [];

    public static async Task<GatewayTestClient> ConnectAsync(DiscordEmulator emulator, string query = "?v=10&encoding=json", string path = "")
    {
        var client = new GatewayTestClient();
        await client._socket.ConnectAsync(new Uri(emulator.GatewayUrl + path + query), CancellationToken.None);
        return client;
    }

    /// <summary>HELLO, IDENTIFY, then READY and the GUILD_CREATEs; returns READY.</summary>
    public static async Task<(GatewayTestClient Client, GatewayFrame Ready)> ConnectAndIdentifyAsync(DiscordEmulator emulator,
        int intents = GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages | GatewayIntentBits.MessageContent)
    {
        GatewayTestClient client = await ConnectAsync(emulator);
        GatewayFrame hello = await client.ReceiveAsync();
        Assert.That(hello.Op, Is.EqualTo(10));
        await client.IdentifyAsync(emulator.BotToken, intents);
        GatewayFrame ready = await client.WaitForDispatchAsync("READY");
        if ((intents & GatewayIntentBits.Guilds) != 0)
        {
            await client.WaitForDispatchAsync("GUILD_CREATE");
        }
        return (client, ready);
    }

    public Task IdentifyAsync(string token, long intents, string? shard = null) =>
        SendAsync($"{{\"op\":2,\"d\":{{\"token\":\"{token}\",\"intents\":{intents},\"properties\":{{\"os\":\"linux\",\"browser\":\"test\",\"device\":\"test\"}}{(shard is null ? "" : ",\"shard\":" + shard)}}}}}");

    public Task ResumeAsync(string token, string sessionId, long seq) =>
        SendAsync($"{{\"op\":6,\"d\":{{\"token\":\"{token}\",\"session_id\":\"{sessionId}\",\"seq\":{seq}}}}}");

    public Task HeartbeatAsync(long? seq) => SendAsync($"{{\"op\":1,\"d\":{(seq is null ? "null" : seq.ToString())}}}");

    public async Task SendAsync(string json) =>
        await _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    public async Task<GatewayFrame> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Timeout);
        int total = 0;
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(new ArraySegment<byte>(_buffer, total, _buffer.Length - total), cts.Token);
            total += result.Count;
        }
        while (!result.EndOfMessage);
        if (result.MessageType == WebSocketMessageType.Close)
        {
            return new GatewayFrame(-1, null, null, default, (int?)_socket.CloseStatus, _socket.CloseStatusDescription ?? "");
        }
        if (result.MessageType == WebSocketMessageType.Binary)
        {
            BinaryMessages.Add(_buffer.AsSpan(0, total).ToArray());
            return new GatewayFrame(-2, null, null, default, null, "");
        }
        string raw = Encoding.UTF8.GetString(_buffer, 0, total);
        using JsonDocument doc = JsonDocument.Parse(raw);
        JsonElement root = doc.RootElement;
        return new GatewayFrame(
            root.GetProperty("op").GetInt32(),
            root.TryGetProperty("t", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null,
            root.TryGetProperty("s", out JsonElement s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : null,
            root.TryGetProperty("d", out JsonElement d) ? d.Clone() : default,
            null,
            raw);
    }

    public async Task<GatewayFrame> WaitForAsync(Func<GatewayFrame, bool> predicate, TimeSpan? timeout = null)
    {
        while (true)
        {
            GatewayFrame frame = await ReceiveAsync(timeout);
            if (predicate(frame))
            {
                return frame;
            }
            if (frame.IsClose)
            {
                Assert.Fail($"closed with {frame.CloseCode} ({frame.Raw}) before the expected frame");
            }
        }
    }

    public Task<GatewayFrame> WaitForDispatchAsync(string name, TimeSpan? timeout = null) =>
        WaitForAsync(f => f.Op == 0 && f.T == name, timeout);

    public Task<GatewayFrame> WaitForCloseAsync(TimeSpan? timeout = null) => WaitForAsync(f => f.IsClose, timeout);

    public void Abort() => _socket.Abort();

    public async Task CloseAsync(int code)
    {
        await _socket.CloseOutputAsync((WebSocketCloseStatus)code, "test", CancellationToken.None);
        try
        {
            await WaitForCloseAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // server already gone
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
