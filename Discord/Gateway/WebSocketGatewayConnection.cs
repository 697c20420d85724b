using System.Net.WebSockets;

namespace AndyAI.Discord.Gateway;

/// <summary>
/// The real gateway socket: the runtime's WebSocket (<see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>)
/// over a TCP socket (TLS for <c>wss://</c>) behind our read buffer, with our User-Agent and a keep-alive backstop.
/// </summary>
internal sealed class WebSocketGatewayConnection(WebSocket socket, TimeProvider time) : IGatewayConnection
{
    private CancellationToken _abortToken;
    private CancellationTokenRegistration _abortRegistration;

    public async ValueTask<GatewayFrame> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        // The receive loop passes the same token for every frame: register it once to abort the socket, instead
        // of letting the WebSocket register and unregister it on every receive (measurable at 50k frames/s).
        if (cancellationToken != _abortToken)
        {
            _abortRegistration.Dispose();
            _abortToken = cancellationToken;
            _abortRegistration = cancellationToken.UnsafeRegister(static state => ((WebSocket)state!).Abort(), socket);
        }

        ValueWebSocketReceiveResult result;
        try
        {
            result = await socket.ReceiveAsync(buffer, CancellationToken.None);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The gateway receive was canceled.", ex, cancellationToken);
        }

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
        _abortRegistration.Dispose();
        socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
