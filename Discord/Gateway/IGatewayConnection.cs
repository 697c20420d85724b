namespace AndyAI.Discord.Gateway;

/// <summary>One received WebSocket frame (part of a message).</summary>
/// <param name="Count">Bytes written into the buffer.</param>
/// <param name="EndOfMessage">Whether this frame completes the message.</param>
/// <param name="IsBinary">Binary frame (zlib-stream) rather than text.</param>
/// <param name="CloseCode">When not null, the peer closed the socket with this code and no data arrived.</param>
internal readonly record struct GatewayFrame(int Count, bool EndOfMessage, bool IsBinary, int? CloseCode);

/// <summary>A gateway socket. A seam so tests can push frames and record what the client sends.</summary>
internal interface IGatewayConnection : IAsyncDisposable
{
    /// <summary>Receives the next frame. Throws <see cref="System.Net.WebSockets.WebSocketException"/> or
    /// <see cref="IOException"/> when the socket drops without a close frame.</summary>
    ValueTask<GatewayFrame> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Sends one text frame.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken);

    /// <summary>Sends a close frame with <paramref name="code"/> and stops waiting for the peer's answer soon.</summary>
    Task CloseAsync(int code, string reason, CancellationToken cancellationToken);

    /// <summary>Tears the socket down at once; a pending receive fails.</summary>
    void Abort();
}

/// <summary>Opens gateway sockets.</summary>
internal interface IGatewayConnectionFactory
{
    ValueTask<IGatewayConnection> ConnectAsync(Uri uri, CancellationToken cancellationToken);
}
