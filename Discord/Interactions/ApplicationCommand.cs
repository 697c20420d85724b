namespace AndyAI.Discord.Interactions;

/// <summary>
/// An application command as declared to Discord (create, edit, bulk overwrite) and as Discord returns it (then
/// with <see cref="Id"/>, <see cref="ApplicationId"/> and <see cref="Version"/> set).
/// </summary>
public sealed class ApplicationCommand
{
    /// <summary>Discord's id; 0 for a command not created yet (a bulk overwrite with an id updates that command).</summary>
    public ulong Id { get; init; }

    /// <summary>The application that owns it; 0 before Discord answered.</summary>
    public ulong ApplicationId { get; init; }

    /// <summary>The guild of a guild command; <see langword="null"/> for a global one.</summary>
    public ulong? GuildId { get; init; }

    /// <summary>Changes whenever Discord stores a change to the command; 0 before Discord answered.</summary>
    public ulong Version { get; init; }

    /// <summary>Slash command (the default) or context-menu command.</summary>
    public ApplicationCommandType Type { get; init; } = ApplicationCommandType.ChatInput;

    /// <summary>For slash commands 1–32 lowercase characters (letters, digits, <c>-</c>, <c>_</c>); for context-menu commands 1–32 of any.</summary>
    public required string Name { get; init; }

    /// <summary>For slash commands 1–100 characters; empty for context-menu commands.</summary>
    public string Description { get; init; } = "";

    /// <summary>Up to 25 options, or subcommands and groups.</summary>
    public IReadOnlyList<ApplicationCommandOption> Options { get; init; } = [];

    /// <summary>
    /// The permissions a member needs to see the command (a hint Discord's client applies, not a security check),
    /// or <see langword="null"/> for everyone; 0 hides it from all but administrators.
    /// </summary>
    public ulong? DefaultMemberPermissions { get; init; }

    /// <summary>Where the command may be used, or <see langword="null"/> for Discord's default.</summary>
    public IReadOnlyList<InteractionContextType>? Contexts { get; init; }

    /// <summary>Which installs offer the command, or <see langword="null"/> for Discord's default.</summary>
    public IReadOnlyList<ApplicationIntegrationType>? IntegrationTypes { get; init; }

    /// <summary>Whether the command is age-restricted.</summary>
    public bool Nsfw { get; init; }

    /// <summary><see cref="Name"/> per locale, or <see langword="null"/>.</summary>
    public IReadOnlyDictionary<string, string>? NameLocalizations { get; init; }

    /// <summary><see cref="Description"/> per locale, or <see langword="null"/>.</summary>
    public IReadOnlyDictionary<string, string>? DescriptionLocalizations { get; init; }
}
