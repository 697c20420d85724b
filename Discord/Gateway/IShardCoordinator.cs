namespace AndyAI.Discord.Gateway;

/// <summary>
/// Decides which shards this process runs when several processes share one bot (Cluster/ implements it on
/// Redis): a lease per shard, renewed while the shard is healthy, with the session stored beside it so another
/// process can resume the shard after its owner died. Without one, a process runs the configured shards itself.
/// </summary>
internal interface IShardCoordinator
{
    /// <summary>Claims, renews and releases shards for <paramref name="runner"/> until <paramref name="cancellationToken"/> fires.</summary>
    Task RunAsync(IShardRunner runner, CancellationToken cancellationToken);

    /// <summary>
    /// A shard's session moved on (READY, RESUMED, or an event handed to the dispatcher). Called on the shard's
    /// receive loop: must return at once (store the latest value; write it later).
    /// </summary>
    void OnSessionAdvanced(int shardId, ShardSession session);

    /// <summary>
    /// The shard learned the bot's managed role in a guild (GUILD_CREATE, a role update): kept with the session, so a
    /// process that resumes the shard recognises a mention of that role at once. Called on the shard's receive loop:
    /// must return at once.
    /// </summary>
    void OnManagedRole(int shardId, ulong guildId, ulong roleId);

    /// <summary>
    /// What the process keeps of a guild of the shard changed (GUILD_CREATE, GUILD_DELETE, a channel, thread or role
    /// event): kept with the session, so a process that resumes the shard knows the guild without GUILD_CREATE. Called
    /// on the shard's receive loop: must return at once (mark it; read it with <see cref="IShardRunner.DescribeGuilds"/> later).
    /// </summary>
    void OnGuildChanged(int shardId, ulong guildId)
    {
    }

    /// <summary>
    /// A new session's READY listed the shard's guilds (<paramref name="guildIds"/>): what was kept for the shard before
    /// is replaced by them (a guild the bot left while no session ran is gone). Must return at once.
    /// </summary>
    void OnGuildsReset(int shardId, IReadOnlyList<ulong> guildIds)
    {
    }

    /// <summary>Gives up this process's leases after its shards stopped (keeping their sessions resumable), so another process takes them over now instead of after the TTL.</summary>
    Task ReleaseAsync(IShardRunner runner, CancellationToken cancellationToken);
}
