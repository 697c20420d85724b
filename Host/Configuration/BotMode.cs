namespace AndyAI.Host.Configuration;

/// <summary>What the bot connects to.</summary>
internal enum BotMode
{
    /// <summary>DISCORD_API_TOKEN is set: the real bot, against <c>Discord:ApiBaseUrl</c>.</summary>
    Discord,

    /// <summary>No DISCORD_API_TOKEN: a local Discord emulator and an offline OpenAI-compatible responder.</summary>
    Sandbox,
}
