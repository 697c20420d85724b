namespace AndyAI.Abstractions.Discord;

/// <summary>A message as a cog sees it. Immutable; built by the host from Discord's payload.</summary>
public sealed record DiscordMessage
{
    /// <summary>The message's snowflake.</summary>
    public required ulong Id { get; init; }

    /// <summary>The channel it was posted in.</summary>
    public required ulong ChannelId { get; init; }

    /// <summary>The guild, or <see langword="null"/> for a direct message.</summary>
    public ulong? GuildId { get; init; }

    /// <summary>
    /// Whether the message was posted in a thread (<see cref="ChannelId"/> is then the thread's id). Contract 1.3; a host
    /// before it leaves it false.
    /// </summary>
    public bool IsInThread { get; init; }

    /// <summary>
    /// For a message in a thread, the thread's channel (where the thread was started), when the bot knows it; else null.
    /// Contract 1.3. A place check ("answer only in #help") should accept a thread of an allowed channel.
    /// </summary>
    public ulong? ParentChannelId { get; init; }

    /// <summary>Who posted it. For a webhook message, the webhook's name and id.</summary>
    public required DiscordUser Author { get; init; }

    /// <summary>Whether a webhook posted it.</summary>
    public bool IsWebhook { get; init; }

    /// <summary>The text; empty when the bot lacks the Message Content intent and was not mentioned.</summary>
    public string Content { get; init; } = "";

    /// <summary>Users mentioned in the message.</summary>
    public IReadOnlyList<ulong> MentionedUserIds { get; init; } = [];

    /// <summary>Roles mentioned in the message.</summary>
    public IReadOnlyList<ulong> MentionedRoleIds { get; init; } = [];

    /// <summary>Whether the message mentions @everyone or @here (and was allowed to).</summary>
    public bool MentionsEveryone { get; init; }

    /// <summary>
    /// Whether the message mentions this bot: as a user (<c>&lt;@id&gt;</c> or <c>&lt;@!id&gt;</c>) or through the
    /// bot's managed role (<c>&lt;@&amp;roleId&gt;</c>). Computed by the host.
    /// </summary>
    public bool MentionsBot { get; init; }

    /// <summary>The bot's managed role in this guild, when known, so cogs can strip <c>&lt;@&amp;roleId&gt;</c>.</summary>
    public ulong? BotRoleId { get; init; }

    /// <summary>The message this one replies to, by id.</summary>
    public ulong? ReferencedMessageId { get; init; }

    /// <summary>The message this one replies to, when Discord included it.</summary>
    public DiscordMessage? ReferencedMessage { get; init; }

    /// <summary>When it was posted.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>When it was last edited, if ever.</summary>
    public DateTimeOffset? EditedTimestamp { get; init; }

    /// <summary>The gateway shard that delivered it (0 for REST results).</summary>
    public int ShardId { get; init; }

    /// <summary>
    /// When the host read its gateway frame, as a <see cref="TimeProvider.GetTimestamp"/> of the host's clock (the
    /// one <see cref="ICogContext.Time"/> is), or 0 when unknown (REST results, tests): measure from here with
    /// <c>Time.GetElapsedTime(ReceivedTimestamp)</c> to include the time the message waited in queues. Added in contract 1.2.
    /// </summary>
    public long ReceivedTimestamp { get; init; }

    /// <summary>The author's role ids in the guild (from the message's <c>member</c>); empty in DMs or when Discord did not say. Added in contract 1.3.</summary>
    public IReadOnlyList<ulong> MemberRoleIds { get; init; } = [];

    /// <summary>Whether this is a direct message.</summary>
    public bool IsDirectMessage => GuildId is null;
}
