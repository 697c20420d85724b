namespace AndyAI.Host.Cogs.Loading;

/// <summary>A cog could not be loaded; the message is one line that says why (shown in outcomes and !cogs).</summary>
internal sealed class CogLoadException : Exception
{
    public CogLoadException()
    {
    }

    public CogLoadException(string message)
        : base(message)
    {
    }

    public CogLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What the DLL says about itself when it got that far (its image was read), so !cogs can show the failed build.</summary>
    public CogManifest? Manifest { get; init; }
}
