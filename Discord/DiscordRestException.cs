namespace AndyAI.Discord;

/// <summary>Discord refused or failed a REST request.</summary>
public sealed class DiscordRestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DiscordRestException() : this(0, 0, "Discord request failed") { }

    /// <summary>Creates the exception.</summary>
    public DiscordRestException(string message) : this(0, 0, message) { }

    /// <summary>Creates the exception.</summary>
    public DiscordRestException(string message, Exception innerException) : this(0, 0, message, innerException) { }

    /// <summary>Creates the exception from Discord's answer.</summary>
    /// <param name="httpStatus">The HTTP status, or 0 when no response arrived.</param>
    /// <param name="code">Discord's JSON error code, or 0.</param>
    /// <param name="discordMessage">Discord's error message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public DiscordRestException(int httpStatus, int code, string discordMessage, Exception? innerException = null)
        : base(Describe(httpStatus, code, discordMessage), innerException)
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

    private static string Describe(int status, int code, string message) => status switch
    {
        401 => $"Discord answered 401 (code {code}): {message}. The token is invalid: check Discord:Token (DISCORD_API_TOKEN).",
        0 => message,
        _ => $"Discord answered {status} (code {code}): {message}",
    };
}
