namespace AndyAI.Abstractions.Memory;

/// <summary>Which conversation a question belongs to.</summary>
public sealed record ConversationQuery
{
    /// <summary>Who asked.</summary>
    public required ulong UserId { get; init; }

    /// <summary>Where.</summary>
    public required ulong ChannelId { get; init; }

    /// <summary>The guild, or null in a direct message.</summary>
    public ulong? GuildId { get; init; }

    /// <summary>The message the question replies to, if any: a reply continues that message's conversation.</summary>
    public ulong? ReplyToMessageId { get; init; }

    /// <summary>
    /// Whether <see cref="ChannelId"/> is a thread (contract 1.3): the conversation is then everything stored in the
    /// thread, whoever asked, and it takes precedence over reply chains and the idle window.
    /// </summary>
    public bool IsThread { get; init; }

    /// <summary>At most this many turns (a question and its answer each) are returned, the newest ones.</summary>
    public int MaxTurns { get; init; } = 5;
}
