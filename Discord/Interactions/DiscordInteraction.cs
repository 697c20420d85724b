using AndyAI.Abstractions.Discord;

namespace AndyAI.Discord.Interactions;

/// <summary>
/// An interaction Discord sent (INTERACTION_CREATE): a slash command, a component used, an autocomplete request or
/// a modal submitted. Answer it once within 3 seconds (<c>DiscordBot.RespondToInteractionAsync</c>); its
/// <see cref="Token"/> then serves edits and follow-ups for 15 minutes.
/// </summary>
public sealed class DiscordInteraction
{
    /// <summary>The interaction id.</summary>
    public required ulong Id { get; init; }

    /// <summary>The application it is for.</summary>
    public required ulong ApplicationId { get; init; }

    /// <summary>What caused it.</summary>
    public required InteractionType Type { get; init; }

    /// <summary>The secret that authorizes the answer, edits and follow-ups; never log it.</summary>
    public required string Token { get; init; }

    /// <summary>Always 1 today.</summary>
    public int Version { get; init; }

    /// <summary>The guild, or <see langword="null"/> in DMs.</summary>
    public ulong? GuildId { get; init; }

    /// <summary>The channel, when sent.</summary>
    public ulong? ChannelId { get; init; }

    /// <summary>Whether it was invoked in a thread (the interaction's channel is a thread).</summary>
    public bool IsInThread { get; init; }

    /// <summary>In a thread: the thread's parent channel, when the payload says.</summary>
    public ulong? ParentChannelId { get; init; }

    /// <summary>Who invoked it (from <c>member.user</c> in guilds, <c>user</c> in DMs).</summary>
    public required DiscordUser User { get; init; }

    /// <summary>The invoker as a guild member (roles, permissions), or <see langword="null"/> in DMs.</summary>
    public InteractionMember? Member { get; init; }

    /// <summary>The bot's permissions in the channel, or <see langword="null"/> when not sent.</summary>
    public ulong? AppPermissions { get; init; }

    /// <summary>The invoker's language (<c>"en-US"</c>…), or <see langword="null"/>.</summary>
    public string? Locale { get; init; }

    /// <summary>The guild's preferred language, or <see langword="null"/>.</summary>
    public string? GuildLocale { get; init; }

    /// <summary>The shard it arrived on.</summary>
    public int ShardId { get; init; }

    /// <summary>The invoked command's id (commands and autocomplete).</summary>
    public ulong? CommandId { get; init; }

    /// <summary>The invoked command's name (commands and autocomplete).</summary>
    public string? CommandName { get; init; }

    /// <summary>The invoked command's type (commands and autocomplete).</summary>
    public ApplicationCommandType? CommandType { get; init; }

    /// <summary>The user or message a context-menu command was used on.</summary>
    public ulong? TargetId { get; init; }

    /// <summary>The options filled in, as a tree (subcommand groups, subcommands, values).</summary>
    public IReadOnlyList<InteractionOption> Options { get; init; } = [];

    /// <summary>What the options and selected values refer to.</summary>
    public InteractionResolved Resolved { get; init; } = InteractionResolved.Empty;

    /// <summary>The used component's or submitted modal's custom id.</summary>
    public string? CustomId { get; init; }

    /// <summary>The used component's type (components only).</summary>
    public ComponentType? ComponentType { get; init; }

    /// <summary>What was picked in a select menu (entry values, or ids for user/role/channel menus).</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>A submitted modal's text inputs: custom id → text.</summary>
    public IReadOnlyDictionary<string, string> ModalValues { get; init; } = new Dictionary<string, string>();

    /// <summary>The id of the message the used component is on (components only).</summary>
    public ulong? MessageId { get; init; }

    /// <summary>The option the user is typing in (autocomplete), searched through subcommands; or <see langword="null"/>.</summary>
    public InteractionOption? FocusedOption => Find(Options, o => o.IsFocused);

    /// <summary>The value option named <paramref name="name"/>, searched through subcommands; or <see langword="null"/>.</summary>
    public InteractionOption? GetOption(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Find(Options, o => o.Type is not (ApplicationCommandOptionType.SubCommand or ApplicationCommandOptionType.SubCommandGroup) && o.Name == name);
    }

    /// <summary>The invoked subcommand path below the command, e.g. <c>["config", "set"]</c>; empty without subcommands.</summary>
    public IReadOnlyList<string> SubCommandPath
    {
        get
        {
            var path = new List<string>(2);
            IReadOnlyList<InteractionOption> level = Options;
            while (level.Count == 1 && level[0].Type is ApplicationCommandOptionType.SubCommand or ApplicationCommandOptionType.SubCommandGroup)
            {
                path.Add(level[0].Name);
                level = level[0].Options;
            }

            return path;
        }
    }

    private static InteractionOption? Find(IReadOnlyList<InteractionOption> options, Func<InteractionOption, bool> match)
    {
        foreach (InteractionOption option in options)
        {
            if (match(option)) return option;
            if (Find(option.Options, match) is { } inner) return inner;
        }

        return null;
    }
}
