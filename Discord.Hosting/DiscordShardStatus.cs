namespace AndyAI.Discord.Hosting;

/// <summary>One gateway shard, for health checks, metrics and the dashboard.</summary>
/// <param name="ShardId">The shard's id.</param>
/// <param name="State">Created, Connecting, Identifying, Resuming, Ready, Reconnecting, Stopped or Faulted.</param>
/// <param name="Latency">The last heartbeat round trip, or null before the first acknowledgement.</param>
public sealed record DiscordShardStatus(int ShardId, string State, TimeSpan? Latency)
{
    /// <summary>Whether the shard is READY (or RESUMED) and receiving events.</summary>
    public bool IsReady => State == "Ready";
}
