namespace AndyAI.Discord;

/// <summary>The gateway closed the connection with a code that makes reconnecting pointless.</summary>
public sealed class DiscordGatewayException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DiscordGatewayException() : this(0, "The Discord gateway failed") { }

    /// <summary>Creates the exception.</summary>
    public DiscordGatewayException(string message) : this(0, message) { }

    /// <summary>Creates the exception.</summary>
    public DiscordGatewayException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception for a fatal close code.</summary>
    /// <param name="closeCode">The WebSocket close code.</param>
    /// <param name="message">What went wrong and what to do about it.</param>
    public DiscordGatewayException(int closeCode, string message) : base(message) => CloseCode = closeCode;

    /// <summary>The WebSocket close code that stopped the client, or 0.</summary>
    public int CloseCode { get; }
}
