namespace AndyAI.Discord.Hosting;

/// <summary>A snapshot of the bot's connection and cheap counters, for health checks and <c>!stats</c>.</summary>
/// <param name="State">Where the connection stands.</param>
/// <param name="ShardIds">The shards this process runs.</param>
/// <param name="ShardCount">The total number of shards.</param>
/// <param name="Guilds">Guilds the bot is in (on this process's shards).</param>
/// <param name="MessagesSeen">MESSAGE_CREATE dispatches received, including the ones skipped unparsed.</param>
/// <param name="MessagesParsed">MESSAGE_CREATE dispatches that passed the cheap filter and were parsed.</param>
/// <param name="MessagesDelivered">Messages handed to at least one subscriber.</param>
/// <param name="Dispatches">Gateway dispatches of any kind.</param>
/// <param name="HandlerFailures">Subscriber handlers that threw.</param>
/// <param name="Reconnects">Connections that ended and were re-opened.</param>
/// <param name="Resumes">Sessions resumed.</param>
/// <param name="Identifies">IDENTIFYs sent.</param>
/// <param name="InvalidRestResponses">REST answers with 401, 403 or 429.</param>
/// <param name="FatalError">Why the client stopped for good, or <see langword="null"/>.</param>
public sealed record DiscordBotStatus(
    DiscordConnectionState State,
    IReadOnlyList<int> ShardIds,
    int ShardCount,
    int Guilds,
    long MessagesSeen,
    long MessagesParsed,
    long MessagesDelivered,
    long Dispatches,
    long HandlerFailures,
    long Reconnects,
    long Resumes,
    long Identifies,
    long InvalidRestResponses,
    string? FatalError)
{
    /// <summary>INTERACTION_CREATE dispatches received and readable.</summary>
    public long InteractionsReceived { get; init; }

    /// <summary>Interactions handed to at least one interaction subscriber.</summary>
    public long InteractionsDelivered { get; init; }

    /// <summary>Threads the bot knows (from GUILD_CREATE, THREAD_CREATE/UPDATE and THREAD_LIST_SYNC, less THREAD_DELETE).</summary>
    public int Threads { get; init; }
}
