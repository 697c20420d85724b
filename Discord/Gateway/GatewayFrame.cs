namespace AndyAI.Discord.Gateway;

/// <summary>One received WebSocket frame (part of a message).</summary>
/// <param name="Count">Bytes written into the buffer.</param>
/// <param name="EndOfMessage">Whether this frame completes the message.</param>
/// <param name="IsBinary">Binary frame (zlib-stream) rather than text.</param>
/// <param name="CloseCode">When not null, the peer closed the socket with this code and no data arrived.</param>
internal readonly record struct GatewayFrame(int Count, bool EndOfMessage, bool IsBinary, int? CloseCode);
