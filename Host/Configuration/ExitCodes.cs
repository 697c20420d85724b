namespace AndyAI.Host.Configuration;

/// <summary>The host's process exit codes.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The host failed while starting or running (the log has the exception).</summary>
    public const int Failure = 1;

    /// <summary>
    /// A setting is missing or malformed (sysexits' EX_CONFIG), or Discord refused one for good: 401 at start, gateway
    /// close 4004 (token) or 4010–4014 (shards, API version, intents).
    /// </summary>
    public const int ConfigurationError = 78;
}
