namespace AndyAI.Cluster;

/// <summary>
/// Several processes sharing one bot through Redis (configuration section <c>Cluster</c>; the host maps
/// <c>REDIS_URL</c>, <c>SHARD_COUNT</c>, <c>SHARD_IDS</c> and <c>INSTANCE_NAME</c> onto it). Without
/// <see cref="RedisUrl"/> a process runs alone, exactly as before. Checked at start by <see cref="ClusterOptionsValidator"/>.
/// </summary>
internal sealed class ClusterOptions
{
    public const string SectionName = "Cluster";

    /// <summary>A StackExchange.Redis configuration string (<c>127.0.0.1:6379</c>, <c>host:port,password=…</c>); none = no cluster.</summary>
    public string? RedisUrl { get; set; }

    /// <summary>The total shard count: a number, or <c>auto</c> for Discord's recommendation from <c>GET /gateway/bot</c>.</summary>
    /// <value>Defaults to <c>auto</c>.</value>
    public string? ShardCount { get; set; }

    /// <summary>Which shards this process runs: <c>0,2</c>, <c>0-3</c>, <c>all</c>, or <c>any</c> (free shards, with Redis).</summary>
    /// <value>Defaults to all shards without <see cref="RedisUrl"/>, <c>any</c> with it.</value>
    public string? ShardIds { get; set; }

    /// <summary>This process's name in leases, admin replies and <c>!cogs</c>; unique per process.</summary>
    /// <value>Defaults to the host name and process id (<c>host-1234</c>).</value>
    public string? InstanceName { get; set; }

    /// <summary>How long a shard lease (and an instance's presence) lives without renewal; renewed every third of it.</summary>
    /// <value>Defaults to 15 seconds: a dead process's shards resume elsewhere within about this long.</value>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Whether <c>SHARD_IDS=any</c> processes even their shares out: one below its fair share (shards ÷ live processes,
    /// rounded up) asks for shards once it has been live one <see cref="LeaseTtl"/>, and one above it hands it one shard
    /// per lease round, which the asker resumes. Off, a process neither asks nor hands off: a process that comes back
    /// stays a standby until another one stops. Set it the same in every process.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool Rebalance { get; set; } = true;

    /// <summary>How long a cluster-wide admin command waits for the other processes' reports.</summary>
    /// <value>Defaults to 10 seconds.</value>
    public TimeSpan AdminReplyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the lock of a response-cache miss lives without renewal: the process that asks the model renews it
    /// every third of this while it waits; the others wait for its answer, and one of them asks itself once the lock
    /// expired (its holder died).
    /// </summary>
    /// <value>Defaults to 15 seconds: an answer that takes the model under 5 seconds costs no renewal.</value>
    public TimeSpan CacheLockTtl { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The longest a process waits for another process's answer to the same cache miss before it asks itself.</summary>
    /// <value>Defaults to 2 minutes.</value>
    public TimeSpan CacheWaitLimit { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The prefix of every Redis key and channel (several bots may share one Redis).</summary>
    /// <value>Defaults to <c>andyai:</c>.</value>
    public string KeyPrefix { get; set; } = "andyai:";

    /// <summary>Whether the process shares its bot through Redis.</summary>
    public bool IsEnabled => !string.IsNullOrWhiteSpace(RedisUrl);

    /// <summary>The instance name in use: <see cref="InstanceName"/> or the default.</summary>
    public string ResolvedInstanceName =>
        string.IsNullOrWhiteSpace(InstanceName) ? $"{Environment.MachineName}-{Environment.ProcessId}" : InstanceName.Trim();

    /// <summary>
    /// The process's <c>service.instance.id</c> in metrics (<c>target_info</c>) and traces: <see cref="InstanceName"/>
    /// when set, with Redis the default instance name (unique per process), else the host name. Several processes of
    /// one bot on one machine must not report as one instance.
    /// </summary>
    public string TelemetryInstanceId =>
        IsEnabled || !string.IsNullOrWhiteSpace(InstanceName) ? ResolvedInstanceName : Environment.MachineName;
}
