namespace AndyAI.Discord.Gateway;

/// <summary>What each gateway close code means for the client.</summary>
internal static class GatewayCloseCodes
{
    /// <summary>The socket ended without a close frame (dropped connection).</summary>
    public const int NoCloseFrame = -1;

    /// <summary>The code we close with when we intend to resume: anything but 1000/1001 keeps the session.</summary>
    public const int ResumeClose = 4000;

    public static bool IsFatal(int code) => code is 4004 or (>= 4010 and <= 4014);

    /// <summary>Whether the session survives this close (resume rather than identify).</summary>
    public static bool CanResume(int code) => code switch
    {
        1000 or 1001 => false,   // the session is gone after a normal closure
        4007 or 4009 => false,   // invalid seq / session timed out: start a new session
        _ => !IsFatal(code),
    };

    public static string DescribeFatal(int code) => code switch
    {
        4004 => "Discord closed the gateway with 4004 (authentication failed): the token is invalid. Check Discord:Token (DISCORD_API_TOKEN) and reset the token in the Developer Portal if needed.",
        4010 => "Discord closed the gateway with 4010 (invalid shard): check Discord:ShardCount, FirstShardId and LastShardId.",
        4011 => "Discord closed the gateway with 4011 (sharding required): the bot is in too many guilds for one shard; set Discord:ShardCount to 0 (automatic) or higher.",
        4012 => "Discord closed the gateway with 4012 (invalid API version): this client speaks gateway v10; check Discord:ApiBaseUrl.",
        4013 => "Discord closed the gateway with 4013 (invalid intents): Discord:Intents contains an unknown bit.",
        4014 => "Discord closed the gateway with 4014 (disallowed intents): enable the Message Content intent for this bot in the Developer Portal, or remove it from intents (Discord:Intents).",
        _ => $"Discord closed the gateway with {code}.",
    };
}
