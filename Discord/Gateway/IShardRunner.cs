namespace AndyAI.Discord.Gateway;

/// <summary>
/// The gateway client as a shard coordinator sees it: it starts the shards the coordinator won, resuming the
/// session stored with the lease, and drops the ones it lost. Implemented by <see cref="GatewayClient"/>.
/// </summary>
internal interface IShardRunner
{
    /// <summary>The total shard count (from configuration or <c>GET /gateway/bot</c>).</summary>
    int ShardCount { get; }

    /// <summary>The ids of the shards running in this process now.</summary>
    IReadOnlyCollection<int> RunningShardIds { get; }

    /// <summary>Starts <paramref name="shardId"/>, resuming <paramref name="session"/> when given; false when it runs already or the client is stopping.</summary>
    ValueTask<bool> StartShardAsync(int shardId, ShardSession? session, CancellationToken cancellationToken);

    /// <summary>Stops <paramref name="shardId"/> without ending its session (another process owns it now).</summary>
    Task AbandonShardAsync(int shardId);

    /// <summary>
    /// Hands <paramref name="shardId"/> to another process: closes its connection with a code that keeps the session
    /// resumable, waits for the shard to stop, then calls <paramref name="release"/> with its session as the next owner
    /// resumes it (the last sequence received: events still queued here are handled here) while what the process
    /// keeps of its guilds is still there to be stored, and only then forgets them.
    /// </summary>
    Task HandOffShardAsync(int shardId, Func<ShardSession?, Task> release);

    /// <summary>The shard's resumable session now (<see langword="null"/> when it has none) and whether it is connected and READY.</summary>
    (ShardSession? Session, bool Healthy) Inspect(int shardId);

    /// <summary>What the process keeps of each of <paramref name="guildIds"/> now; <see langword="null"/> for a guild it no longer knows.</summary>
    IReadOnlyList<KeyValuePair<ulong, GuildSnapshot?>> DescribeGuilds(IReadOnlyCollection<ulong> guildIds) => [];
}
