using AndyAI.Abstractions.Discord;

namespace AndyAI.Abstractions.Interactions;

/// <summary>A user typing into an option that has an autocomplete handler.</summary>
public interface IAutocompleteContext
{
    /// <summary>The command's name.</summary>
    string CommandName { get; }

    /// <summary>The subcommand, or <see langword="null"/>.</summary>
    string? Subcommand { get; }

    /// <summary>The group of that subcommand, or <see langword="null"/>. Added in contract 1.2.</summary>
    string? SubcommandGroup => null;

    /// <summary>The option being typed in.</summary>
    string OptionName { get; }

    /// <summary>What the user has typed so far (possibly empty).</summary>
    string Text { get; }

    /// <summary>Who is typing.</summary>
    DiscordUser User { get; }

    /// <summary>The server, or <see langword="null"/> in DMs.</summary>
    ulong? GuildId { get; }

    /// <summary>
    /// The channel the command is being typed in, or <see langword="null"/> when Discord did not say, as
    /// <see cref="IInteractionContext.ChannelId"/>. Added in contract 1.7; null on an older host or test double.
    /// </summary>
    ulong? ChannelId => null;

    /// <summary>Whether the channel is a thread, as <see cref="IInteractionContext.IsInThread"/>. Added in contract 1.7; false on an older host.</summary>
    bool IsInThread => false;

    /// <summary>In a thread: the thread's parent channel when known, as <see cref="IInteractionContext.ParentChannelId"/>. Added in contract 1.7; null on an older host.</summary>
    ulong? ParentChannelId => null;

    /// <summary>
    /// Whether the user is one of the bot's owners (the application's owner or team, and <c>ADMIN_USER_IDS</c>), decided
    /// as for <see cref="IInteractionContext.CallerIsOwner"/>: suggest owner-only values to owners only. Added in
    /// contract 1.7; false on an older host or test double.
    /// </summary>
    bool CallerIsOwner => false;

    /// <summary>
    /// The user's role ids in the guild; empty in DMs, as <see cref="IInteractionContext.MemberRoleIds"/>. Added in
    /// contract 1.7; empty on an older host or test double.
    /// </summary>
    IReadOnlyList<ulong> MemberRoleIds => [];

    /// <summary>
    /// The user's permission bits in the channel as Discord computed them, or <see langword="null"/> in DMs, as
    /// <see cref="IInteractionContext.MemberPermissions"/>. Added in contract 1.7; null on an older host or test double.
    /// </summary>
    ulong? MemberPermissions => null;

    /// <summary>
    /// The options filled in so far (of the subcommand, if any), by name, typed as
    /// <see cref="IInteractionContext.GetOption{T}"/> sees them: <see cref="string"/>, <see cref="long"/>,
    /// <see cref="double"/>, <see cref="bool"/>, or a <see cref="ulong"/> id for users, channels, roles and
    /// attachments. The option being typed in is there too, as its text (<see cref="Text"/>). Added in contract 1.6;
    /// empty on an older host or test double.
    /// </summary>
    IReadOnlyDictionary<string, object> Options => System.Collections.ObjectModel.ReadOnlyDictionary<string, object>.Empty;

    /// <summary>
    /// The value of option <paramref name="name"/> as <typeparamref name="T"/>, or <see langword="default"/> when the
    /// user has not filled it in yet; a whole number reads as <see cref="double"/> too. Added in contract 1.6.
    /// </summary>
    /// <exception cref="InvalidCastException">The value is not a <typeparamref name="T"/> (e.g. the focused option, which is text).</exception>
    T? GetOption<T>(string name) => OptionValue.As<T>(Options, name);
}
