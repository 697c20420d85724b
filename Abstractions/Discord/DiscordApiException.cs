namespace AndyAI.Abstractions.Discord;

/// <summary>Discord refused or failed a REST request.</summary>
public sealed class DiscordApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DiscordApiException() : this(0, 0, "Discord request failed") { }

    /// <summary>Creates the exception.</summary>
    public DiscordApiException(string message) : this(0, 0, message) { }

    /// <summary>Creates the exception.</summary>
    public DiscordApiException(string message, Exception innerException) : base(message, innerException) => DiscordMessage = message;

    /// <summary>Creates the exception from Discord's answer.</summary>
    /// <param name="httpStatus">The HTTP status, or 0 when no response arrived.</param>
    /// <param name="code">Discord's JSON error code (for example 50006, 10008), or 0.</param>
    /// <param name="discordMessage">Discord's error message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public DiscordApiException(int httpStatus, int code, string discordMessage, Exception? innerException = null)
        : base($"Discord answered {httpStatus} (code {code}): {discordMessage}", innerException)
    {
        HttpStatus = httpStatus;
        Code = code;
        DiscordMessage = discordMessage;
    }

    /// <summary>The HTTP status, or 0 when no response arrived.</summary>
    public int HttpStatus { get; }

    /// <summary>Discord's JSON error code, or 0.</summary>
    public int Code { get; }

    /// <summary>Discord's error message.</summary>
    public string DiscordMessage { get; }
}
