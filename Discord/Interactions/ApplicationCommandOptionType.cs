namespace AndyAI.Discord.Interactions;

/// <summary>The type of a command option (and of the value an invocation carries for it).</summary>
public enum ApplicationCommandOptionType
{
    /// <summary>A subcommand; its own options follow.</summary>
    SubCommand = 1,
    /// <summary>A group of subcommands.</summary>
    SubCommandGroup = 2,
    /// <summary>Text.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Discord's name for the option type.")]
    String = 3,
    /// <summary>A whole number between -2^53 and 2^53.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Discord's name for the option type.")]
    Integer = 4,
    /// <summary>True or false.</summary>
    Boolean = 5,
    /// <summary>A user (resolved in <see cref="InteractionResolved.Users"/>).</summary>
    User = 6,
    /// <summary>A channel (resolved in <see cref="InteractionResolved.Channels"/>).</summary>
    Channel = 7,
    /// <summary>A role (resolved in <see cref="InteractionResolved.Roles"/>).</summary>
    Role = 8,
    /// <summary>A user or a role.</summary>
    Mentionable = 9,
    /// <summary>A double between -2^53 and 2^53.</summary>
    Number = 10,
    /// <summary>An uploaded file (resolved in <see cref="InteractionResolved.Attachments"/>).</summary>
    Attachment = 11,
}
