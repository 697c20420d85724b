namespace AndyAI.Cluster.Shards;

/// <summary>
/// The Lua scripts behind shard leases (each runs atomically in Redis). KEYS[1] is the lease (value: the owner's
/// id, with a TTL), KEYS[2] the session hash beside it (sid, url, seq; owner and how it left, for the new owner's log)
/// that a new owner resumes.
/// </summary>
internal static class ShardLeaseScripts
{
    /// <summary>
    /// KEYS[3]: the shard's hand-off (hash: to, from), set while a process hands the shard to another. ARGV: owner, ttl
    /// ms. Returns {1, sid, url, seq, previous owner, how it left ('released', 'handoff' or '' for an expired lease),
    /// handed off by} when the lease was free and is ours now, else {0, holder} ('' while the shard is handed to
    /// another process).
    /// </summary>
    public const string Claim = """
        local to = redis.call('HGET', KEYS[3], 'to')
        if to and to ~= ARGV[1] then return {0, ''} end
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
          local from = ''
          if to then
            from = redis.call('HGET', KEYS[3], 'from') or ''
            redis.call('DEL', KEYS[3])
          end
          local s = redis.call('HMGET', KEYS[2], 'sid', 'url', 'seq', 'owner', 'left')
          return {1, s[1] or '', s[2] or '', s[3] or '0', s[4] or '', s[5] or '', from}
        end
        return {0, redis.call('GET', KEYS[1]) or ''}
        """;

    /// <summary>
    /// KEYS[3]: the shard's managed roles (guild → role), KEYS[4] its guilds (guild → snapshot), kept as long as the session. ARGV: owner, ttl ms, sid, url,
    /// seq, session ttl ms. Renews (or, after Redis lost its data, re-creates) our lease
    /// and stores the session; returns 1, or 0 when another process holds the lease now.
    /// </summary>
    public const string Renew = """
        local owner = redis.call('GET', KEYS[1])
        if owner and owner ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        if ARGV[3] ~= '' then
          redis.call('HSET', KEYS[2], 'sid', ARGV[3], 'url', ARGV[4], 'seq', ARGV[5], 'owner', ARGV[1], 'left', '')
          redis.call('PEXPIRE', KEYS[2], ARGV[6])
          if KEYS[3] then redis.call('PEXPIRE', KEYS[3], ARGV[6]) end
          if KEYS[4] then redis.call('PEXPIRE', KEYS[4], ARGV[6]) end
        end
        return 1
        """;

    /// <summary>
    /// KEYS[1]: the lease, KEYS[2]: the shard's guilds (guild id → snapshot text). ARGV: owner, session ttl ms, reset
    /// ('1': a new session's READY listed the guilds anew, so the hash is replaced), then guild id and snapshot pairs (an
    /// empty snapshot deletes the guild). Writes while the lease is ours; returns 1, else 0.
    /// </summary>
    public const string SaveGuilds = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        if ARGV[3] == '1' then redis.call('DEL', KEYS[2]) end
        for i = 4, #ARGV, 2 do
          if ARGV[i + 1] == '' then redis.call('HDEL', KEYS[2], ARGV[i]) else redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
        end
        redis.call('PEXPIRE', KEYS[2], ARGV[2])
        return 1
        """;

    /// <summary>ARGV: owner, sid, url, seq, session ttl ms. Stores the session while the lease is ours; returns 1, else 0.</summary>
    public const string Save = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[2], 'sid', ARGV[2], 'url', ARGV[3], 'seq', ARGV[4], 'owner', ARGV[1], 'left', '')
        redis.call('PEXPIRE', KEYS[2], ARGV[5])
        return 1
        """;

    /// <summary>
    /// ARGV: owner, sid, url, seq, session ttl ms. Stores the session (when given, marked as released by its owner) and
    /// gives the lease up, if ours.
    /// </summary>
    public const string Release = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        if ARGV[2] ~= '' then
          redis.call('HSET', KEYS[2], 'sid', ARGV[2], 'url', ARGV[3], 'seq', ARGV[4], 'owner', ARGV[1], 'left', 'released')
          redis.call('PEXPIRE', KEYS[2], ARGV[5])
        end
        redis.call('DEL', KEYS[1])
        return 1
        """;

    /// <summary>
    /// KEYS[3]: the shard's hand-off, KEYS[4]: the processes asking for shards (sorted set, scored by expiry). ARGV:
    /// owner, sid, url, seq, session ttl ms, the process it goes to, hand-off ttl ms. Stores the session, gives the
    /// lease up and reserves the shard for that process (only it may claim it until the hand-off expires), which is
    /// taken off the askers: one shard per asker at a time. Returns 1, or 0 when the lease is not ours.
    /// </summary>
    public const string HandOff = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        if ARGV[2] ~= '' then
          redis.call('HSET', KEYS[2], 'sid', ARGV[2], 'url', ARGV[3], 'seq', ARGV[4], 'owner', ARGV[1], 'left', 'handoff')
          redis.call('PEXPIRE', KEYS[2], ARGV[5])
        end
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[3], 'to', ARGV[6], 'from', ARGV[1])
        redis.call('PEXPIRE', KEYS[3], ARGV[7])
        redis.call('ZREM', KEYS[4], ARGV[6])
        return 1
        """;

    /// <summary>
    /// KEYS[1]: the shard count the bot's processes run. ARGV: our count, ttl ms. Asserts our count (and renews it)
    /// unless a live process asserted another one; returns the count that holds now.
    /// </summary>
    public const string AgreeShardCount = """
        local current = redis.call('GET', KEYS[1])
        if current and current ~= ARGV[1] then return tonumber(current) end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return tonumber(ARGV[1])
        """;

    /// <summary>KEYS: leases. Returns the (1-based) positions of the leases nobody holds.</summary>
    public const string Free = """
        local free = {}
        for i, key in ipairs(KEYS) do
          if redis.call('EXISTS', key) == 0 then table.insert(free, i) end
        end
        return free
        """;
}
