using StackExchange.Redis;

namespace AndyAI.Cluster;

/// <summary>
/// Which processes are alive: a sorted set of owner ids scored by when their presence expires, refreshed with the
/// shard leases. A process that stops renewing drops out after one lease TTL, like its leases.
/// </summary>
internal sealed class ClusterMembers(RedisConnection redis, TimeProvider time)
{
    private RedisKey Key => redis.Prefix + "instances";

    /// <summary>Refreshes this process's presence and drops the expired ones.</summary>
    public async Task HeartbeatAsync(IDatabase db)
    {
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await db.SortedSetAddAsync(Key, redis.OwnerId, now + (long)redis.Options.LeaseTtl.TotalMilliseconds);
        await db.SortedSetRemoveRangeByScoreAsync(Key, double.NegativeInfinity, now, Exclude.Stop);
    }

    /// <summary>The owner ids alive now (this process included once it has beaten).</summary>
    public async Task<IReadOnlyList<string>> ListAsync(IDatabase db)
    {
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        RedisValue[] members = await db.SortedSetRangeByScoreAsync(Key, now, double.PositiveInfinity);
        return [.. members.Select(m => m.ToString())];
    }

    /// <summary>Leaves at once (a clean stop), instead of after one TTL.</summary>
    public Task LeaveAsync(IDatabase db) => db.SortedSetRemoveAsync(Key, redis.OwnerId);

    /// <summary>The instance name inside an owner id (<c>name/suffix</c>).</summary>
    public static string NameOf(string ownerId)
    {
        int slash = ownerId.LastIndexOf('/');
        return slash > 0 ? ownerId[..slash] : ownerId;
    }
}
