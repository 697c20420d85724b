namespace AndyAI.Host.Configuration;

/// <summary>The host's process exit codes.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The host failed while starting or running (the log has the exception).</summary>
    public const int Failure = 1;

    /// <summary>A setting is missing or malformed (sysexits' EX_CONFIG).</summary>
    public const int ConfigurationError = 78;
}
