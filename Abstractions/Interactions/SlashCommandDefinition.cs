namespace AndyAI.Abstractions.Interactions;

/// <summary>A slash command (<c>/name</c>): what Discord shows, and the handler that answers it.</summary>
/// <param name="Name">1–32 of <c>a-z 0-9 _ -</c>.</param>
/// <param name="Description">1–100 characters, shown in Discord's command picker.</param>
/// <param name="Handler">
/// Runs off the gateway loop. Answer through the context; if it has not answered within about 2 seconds the host
/// defers, and the later answer edits the "thinking…" message. An exception becomes a short ephemeral error.
/// </param>
public sealed record SlashCommandDefinition(string Name, string Description, Func<IInteractionContext, CancellationToken, ValueTask> Handler)
{
    /// <summary>Up to 25 options. Leave empty when <see cref="Subcommands"/> is used.</summary>
    public IReadOnlyList<SlashCommandOption> Options { get; init; } = [];

    /// <summary>Up to 25 subcommands (<c>/name sub</c>); the handler reads <see cref="IInteractionContext.Subcommand"/>.</summary>
    public IReadOnlyList<SlashSubcommand> Subcommands { get; init; } = [];

    /// <summary>
    /// Groups of subcommands (<c>/name group sub</c>); with <see cref="Subcommands"/>, at most 25 in all. The handler
    /// reads <see cref="IInteractionContext.SubcommandGroup"/>. Added in contract 1.2.
    /// </summary>
    public IReadOnlyList<SlashSubcommandGroup> SubcommandGroups { get; init; } = [];

    /// <summary>
    /// The permission bits a member needs to see the command in Discord (<c>"8"</c>, Administrator, is <c>8</c>), or
    /// <see langword="null"/> for everyone. A hint Discord's client applies, not a check: use <see cref="OwnerOnly"/> for that.
    /// </summary>
    public ulong? DefaultMemberPermissions { get; init; }

    /// <summary>Where the command can be used. Defaults to servers and the bot's DMs.</summary>
    public SlashCommandContexts Contexts { get; init; } = SlashCommandContexts.Guild | SlashCommandContexts.BotDm;

    /// <summary>Only the bot's owners may run it; the host refuses others with an ephemeral message.</summary>
    public bool OwnerOnly { get; init; }
}
