namespace AndyAI.Discord.Interactions;

/// <summary>How a command's app must be installed for the command to be offered (a command's <c>integration_types</c>).</summary>
public enum ApplicationIntegrationType
{
    /// <summary>Installed to a server.</summary>
    GuildInstall = 0,
    /// <summary>Installed to a user.</summary>
    UserInstall = 1,
}
