namespace AndyAI.Cluster.Jobs;

/// <summary>
/// The Lua scripts behind scheduled jobs' leases (each atomic in Redis). KEYS[1] is the job's running lease (value:
/// the owner's id, with a TTL renewed while the run lasts), KEYS[2] the tick's claim (value: the owner's id, or
/// <c>skipped</c>), kept long enough that a process whose clock runs late cannot claim the tick again.
/// </summary>
internal static class JobLeaseScripts
{
    /// <summary>
    /// ARGV: owner, running-lease ttl ms, tick ttl ms. Returns 1 when the tick was unclaimed and no run is going (the
    /// running lease is ours now), 0 when another process claimed the tick, 2 when a run of the job was going when the
    /// tick was first met (the tick is marked skipped, so nobody runs it later).
    /// </summary>
    public const string Claim = """
        local tick = redis.call('GET', KEYS[2])
        if tick then
          if tick == 'skipped' then return 2 end
          return 0
        end
        if redis.call('EXISTS', KEYS[1]) == 1 then
          redis.call('SET', KEYS[2], 'skipped', 'PX', ARGV[3])
          return 2
        end
        redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[3])
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1
        """;

    /// <summary>
    /// ARGV: owner, ttl ms. Renews the running lease while it is ours (returns 1); takes it again when it is gone
    /// (Redis restarted without its data, or was flushed, while the run lasts: returns 2), so the job's next tick
    /// waits for the run again; returns 0 when another process holds it.
    /// </summary>
    public const string Renew = """
        local holder = redis.call('GET', KEYS[1])
        if holder == ARGV[1] then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return 1
        end
        if holder then return 0 end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 2
        """;

    /// <summary>ARGV: owner. Gives the running lease up, if ours.</summary>
    public const string Release = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('DEL', KEYS[1])
        return 1
        """;
}
