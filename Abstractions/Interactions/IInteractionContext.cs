using AndyAI.Abstractions.Discord;

namespace AndyAI.Abstractions.Interactions;

/// <summary>
/// One slash command, component use or modal submit, and how to answer it. The first answer is
/// <see cref="ReplyAsync"/>, <see cref="DeferAsync"/>, <see cref="UpdateMessageAsync"/> or <see cref="OpenModalAsync"/>;
/// the host keeps Discord's 3-second rule by deferring for a handler that is slow, after which a reply edits the
/// "thinking…" message. Safe to call from any thread; calls are serialized.
/// </summary>
public interface IInteractionContext
{
    /// <summary>What the user did.</summary>
    InteractionKind Kind { get; }

    /// <summary>Discord's id of this interaction (a snowflake, unique), or 0 when unknown. Added in contract 1.2.</summary>
    ulong Id => 0;

    /// <summary>The command's name (commands), else <see langword="null"/>.</summary>
    string? CommandName { get; }

    /// <summary>The subcommand run (<c>/command sub</c> or <c>/command group sub</c>), else <see langword="null"/>.</summary>
    string? Subcommand { get; }

    /// <summary>The group of the subcommand run (<c>/command group sub</c>), else <see langword="null"/>. Added in contract 1.2.</summary>
    string? SubcommandGroup => null;

    /// <summary>The component's or modal's custom id as the cog wrote it (without the host's namespace), else <see langword="null"/>.</summary>
    string? CustomId { get; }

    /// <summary>What was picked in a select menu: entry values of a string select, ids of the others (possibly none when the menu's minimum is 0).</summary>
    IReadOnlyList<string> SelectedValues { get; }

    /// <summary>
    /// The users picked in a user or mentionable select menu, in pick order (empty otherwise). Added in contract 1.6;
    /// by default <see cref="SelectedValues"/> looked up with <see cref="GetUser"/>.
    /// </summary>
    IReadOnlyList<DiscordUser> SelectedUsers => SelectedEntities.Resolve(SelectedValues, GetUser);

    /// <summary>
    /// The roles picked in a role or mentionable select menu, in pick order (empty otherwise). Added in contract 1.6;
    /// by default <see cref="SelectedValues"/> looked up with <see cref="GetRole"/>.
    /// </summary>
    IReadOnlyList<InteractionRole> SelectedRoles => SelectedEntities.Resolve(SelectedValues, GetRole);

    /// <summary>
    /// The channels picked in a channel select menu, in pick order (empty otherwise). Added in contract 1.6; by
    /// default <see cref="SelectedValues"/> looked up with <see cref="GetChannel"/>.
    /// </summary>
    IReadOnlyList<InteractionChannel> SelectedChannels => SelectedEntities.Resolve(SelectedValues, GetChannel);

    /// <summary>A submitted modal's text inputs: input custom id → text.</summary>
    IReadOnlyDictionary<string, string> ModalValues { get; }

    /// <summary>Who did it.</summary>
    DiscordUser User { get; }

    /// <summary>The server, or <see langword="null"/> in DMs.</summary>
    ulong? GuildId { get; }

    /// <summary>The channel, or <see langword="null"/> when Discord did not say.</summary>
    ulong? ChannelId { get; }

    /// <summary>Whether the channel is a thread (contract 1.3; false on an older host).</summary>
    bool IsInThread => false;

    /// <summary>In a thread: the thread's parent channel when known (contract 1.3; null on an older host).</summary>
    ulong? ParentChannelId => null;

    /// <summary>Whether the user is one of the bot's owners.</summary>
    bool CallerIsOwner { get; }

    /// <summary>The user's role ids in the guild; empty in DMs. Added in contract 1.3 (a 1.2 implementation reports none).</summary>
    IReadOnlyList<ulong> MemberRoleIds => [];

    /// <summary>The user's permission bits in the channel as Discord computed them, or <see langword="null"/> in DMs. Added in contract 1.3.</summary>
    ulong? MemberPermissions => null;

    /// <summary>Whether a first answer was sent (by the handler, or a defer by the host).</summary>
    bool HasResponded { get; }

    /// <summary>
    /// The value of option <paramref name="name"/> (of the subcommand run, if any) as <typeparamref name="T"/> (see
    /// <see cref="SlashOptionType"/>), or <see langword="default"/> when the user left it out.
    /// </summary>
    /// <exception cref="InvalidCastException">The value is not a <typeparamref name="T"/>.</exception>
    T? GetOption<T>(string name);

    /// <summary>A user an option or select menu refers to, or <see langword="null"/>.</summary>
    DiscordUser? GetUser(ulong id);

    /// <summary>A channel an option or select menu refers to, or <see langword="null"/>.</summary>
    InteractionChannel? GetChannel(ulong id);

    /// <summary>A role an option or select menu refers to, or <see langword="null"/>.</summary>
    InteractionRole? GetRole(ulong id);

    /// <summary>A file an attachment option refers to, or <see langword="null"/>.</summary>
    InteractionAttachment? GetAttachment(ulong id);

    /// <summary>
    /// Answers with a message. Before any answer it is the first answer; after a defer it replaces the "thinking…"
    /// message; after that it is a follow-up.
    /// </summary>
    /// <exception cref="ArgumentException">Content over 2000 characters, or neither content nor components.</exception>
    Task ReplyAsync(InteractionReply reply, CancellationToken cancellationToken = default);

    /// <summary>
    /// Acknowledges now and answers later ("thinking…" for commands and modals; nothing visible for components).
    /// Does nothing when already answered.
    /// </summary>
    Task DeferAsync(bool ephemeral = false, CancellationToken cancellationToken = default);

    /// <summary>Sends another message (after the first answer; it is the first answer otherwise).</summary>
    Task FollowUpAsync(InteractionReply reply, CancellationToken cancellationToken = default);

    /// <summary>Edits the first answer's message (or, when there is none yet, sends it).</summary>
    Task EditOriginalAsync(InteractionReply reply, CancellationToken cancellationToken = default);

    /// <summary>Components: replaces the message the component is on. Commands: as <see cref="EditOriginalAsync"/>.</summary>
    Task UpdateMessageAsync(InteractionReply reply, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a follow-up message after the first answer and returns its id, so it can be changed later with
    /// <see cref="EditFollowUpAsync"/> or removed with <see cref="DeleteFollowUpAsync"/> (while the interaction is
    /// valid: 15 minutes). Added in contract 1.2.
    /// </summary>
    /// <exception cref="InvalidOperationException">Nothing was answered yet, or the "thinking…" message of a defer was not replaced yet (use <see cref="EditOriginalAsync"/> first).</exception>
    Task<ulong> SendFollowUpAsync(InteractionReply reply, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("SendFollowUpAsync needs a host with cog contract 1.2 or newer.");

    /// <summary>Edits a follow-up sent with <see cref="SendFollowUpAsync"/>. Added in contract 1.2.</summary>
    Task EditFollowUpAsync(ulong messageId, InteractionReply reply, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("EditFollowUpAsync needs a host with cog contract 1.2 or newer.");

    /// <summary>Deletes a follow-up sent with <see cref="SendFollowUpAsync"/>. Added in contract 1.2.</summary>
    Task DeleteFollowUpAsync(ulong messageId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("DeleteFollowUpAsync needs a host with cog contract 1.2 or newer.");

    /// <summary>Opens a modal. It must be the first answer, sent within about 2 seconds (commands and components only).</summary>
    /// <exception cref="InvalidOperationException">Already answered (or deferred by the host), or a modal submit.</exception>
    Task OpenModalAsync(InteractionModal modal, CancellationToken cancellationToken = default);
}
