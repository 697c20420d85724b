using System.Net.WebSockets;

namespace AndyAI.Discord.Gateway;

/// <summary>The real gateway socket: <see cref="ClientWebSocket"/> with our User-Agent and a keep-alive backstop.</summary>
internal sealed class WebSocketGatewayConnection(ClientWebSocket socket, TimeProvider time) : IGatewayConnection
{
    public async ValueTask<GatewayFrame> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ValueWebSocketReceiveResult result = await socket.ReceiveAsync(buffer, cancellationToken);
        if (result.MessageType == WebSocketMessageType.Close)
        {
            return new GatewayFrame(0, true, false, (int?)socket.CloseStatus ?? 1005);
        }

        return new GatewayFrame(result.Count, result.EndOfMessage, result.MessageType == WebSocketMessageType.Binary, null);
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken) =>
        socket.SendAsync(utf8Json, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    public async Task CloseAsync(int code, string reason, CancellationToken cancellationToken)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) return;
        // A zombied peer never answers the close handshake: send our frame, give it a moment, then abort.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, linked.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            socket.Abort();
        }
    }

    public void Abort() => socket.Abort();

    public ValueTask DisposeAsync()
    {
        socket.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Opens <see cref="WebSocketGatewayConnection"/>s.</summary>
internal sealed class WebSocketGatewayConnectionFactory(TimeProvider time) : IGatewayConnectionFactory
{
    public async ValueTask<IGatewayConnection> ConnectAsync(Uri uri, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            socket.Options.SetRequestHeader("User-Agent", DiscordInfo.UserAgent);
            // Backstop only: the gateway heartbeat is what detects a zombied connection.
            socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
            socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(60);
            socket.Options.SetBuffer(16 * 1024, 4 * 1024);
            await socket.ConnectAsync(uri, cancellationToken);
            return new WebSocketGatewayConnection(socket, time);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
