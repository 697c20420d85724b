namespace AndyAI.Discord.Gateway;

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
