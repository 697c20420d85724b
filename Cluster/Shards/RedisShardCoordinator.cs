using AndyAI.Abstractions;
using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using AndyAI.Discord;
using AndyAI.Discord.Gateway;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AndyAI.Cluster.Shards;

/// <summary>
/// Shard ownership on Redis. Every third of the lease TTL this process renews the leases of its healthy shards
/// (storing each session beside its lease), drops the shards whose lease another process holds now, and claims free
/// shards: its explicit ones, or with <c>any</c> a fair share (shards ÷ live processes, rounded up). A free shard
/// with a stored session is resumed, so a dead process's events are replayed, not lost. While Redis is unreachable
/// nothing changes hands: the shards held keep running. After Redis lost its data (no epoch key), claims wait one
/// TTL so every live owner re-asserts its leases first. With <see cref="ClusterOptions.Rebalance"/>, an <c>any</c>
/// process below its fair share asks for shards, and one above it hands one of its shards to such an asker per round
/// (the asker resumes it), so processes that come back get their share again.
/// </summary>
internal sealed partial class RedisShardCoordinator : IShardCoordinator, IDisposable
{
    // Discord keeps a session resumable for a few minutes at most; an older one is only a failed RESUME.
    private static readonly TimeSpan SessionTtl = TimeSpan.FromMinutes(10);

    private readonly RedisConnection _redis;
    private readonly ClusterMembers _members;
    private readonly ShardPlan _plan;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<int, ShardSession> _pending = new();
    // The last session handed on per shard: renewals store it, not the shard's newest sequence, which may be ahead of
    // events still queued for the dispatcher (a takeover must replay those).
    private readonly ConcurrentDictionary<int, ShardSession> _delivered = new();
    // The managed roles written to Redis, per (shard, guild), so an unchanged one is not written again.
    private readonly ConcurrentDictionary<(int Shard, ulong Guild), ulong> _managedRoles = new();
    // The guilds whose kept state changed since it was last stored, per shard; the shards whose READY listed their guilds
    // anew (their stored guilds are replaced); the guilds stored so far (stored again when Redis lost its data).
    private readonly ConcurrentDictionary<(int Shard, ulong Guild), byte> _dirtyGuilds = new();
    private readonly ConcurrentDictionary<int, byte> _resetGuilds = new();
    private readonly ConcurrentDictionary<(int Shard, ulong Guild), byte> _storedGuilds = new();
    // One guild write at a time, and each before the session it precedes (see FlushGuildsAsync).
    private readonly SemaphoreSlim _guildWrite = new(1, 1);
    private IShardRunner? _runner;
    private readonly Channel<bool> _flushSignal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Dictionary<int, long> _lastHealthy = [];
    private readonly Dictionary<int, long> _freeSince = [];
    // Per explicit shard (SHARD_IDS) held by another process: the holder last warned about, so each is said once.
    private readonly Dictionary<int, string> _heldElsewhere = [];
    private readonly TimeSpan _ttl;
    private readonly bool _rebalance;
    private IReadOnlyList<string> _live = [];
    // When this process completed its first claim round: it asks for shards only one TTL after it, so a process that
    // flaps (starts and dies at once) never moves a shard.
    private long _firstRound = -1;
    private bool _asking;
    private long _claimsFrom = -1;
    private bool _epochChecked;
    private bool _shardCountAgreed;
    private bool _claimRoundCompleted;
    private int _shardCount;

    public RedisShardCoordinator(RedisConnection redis, ClusterMembers members, ShardPlan plan, TimeProvider time, ILogger<RedisShardCoordinator> logger)
    {
        _redis = redis;
        _members = members;
        _plan = plan;
        _time = time;
        _logger = logger;
        _ttl = redis.Options.LeaseTtl;
        _rebalance = redis.Options.Rebalance;
        // After an outage Redis may come back empty: check the epoch again before claiming.
        redis.Restored += () =>
        {
            Volatile.Write(ref _epochChecked, false);
            _ = StoreManagedRolesAgainAsync();
            foreach ((int Shard, ulong Guild) stored in _storedGuilds.Keys) _dirtyGuilds.TryAdd(stored, 0);
            _flushSignal.Writer.TryWrite(true);
        };
    }

    /// <summary>Live processes seen at the last tick (for the fair share and reports).</summary>
    public int LiveMembers { get; private set; } = 1;

    /// <summary>Shard leases claimed so far (takeovers included).</summary>
    public long Claims;

    /// <summary>Shards dropped because another process held their lease.</summary>
    public long Losses;

    /// <summary>Shards this process handed to another one to even the processes' shares out.</summary>
    public long HandOffs;

    /// <summary>
    /// Whether a claim round has run. Until then a process holding no shard is still starting (the first tick has not
    /// run, or a fresh Redis makes claims wait one TTL for live owners); after it, one holding no shard is a standby.
    /// </summary>
    public bool ClaimRoundCompleted => Volatile.Read(ref _claimRoundCompleted);

    public async Task RunAsync(IShardRunner runner, CancellationToken cancellationToken)
    {
        if (_plan.Ids is { } ids && ids.Any(id => id >= runner.ShardCount))
        {
            throw new DiscordGatewayException($"SHARD_IDS {_plan.DescribeIds()} does not fit a shard count of {runner.ShardCount}: check SHARD_IDS and SHARD_COUNT.");
        }

        Volatile.Write(ref _runner, runner);
        Task flush = FlushLoopAsync(cancellationToken);
        try
        {
            using var timer = new PeriodicTimer(_ttl / 3, _time);
            do
            {
                try
                {
                    await TickAsync(runner, cancellationToken);
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    // Redis went away mid-tick: the connection logs the outage once; nothing changes hands meanwhile.
                    LogTickFailed(_logger, ex.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        finally
        {
            _flushSignal.Writer.TryComplete();
            await flush;
        }
    }

    public void OnSessionAdvanced(int shardId, ShardSession session)
    {
        _delivered[shardId] = session;
        _pending[shardId] = session;
        _flushSignal.Writer.TryWrite(true);
    }

    public void Dispose() => _guildWrite.Dispose();

    public void OnGuildChanged(int shardId, ulong guildId)
    {
        _dirtyGuilds.TryAdd((shardId, guildId), 0);
        _flushSignal.Writer.TryWrite(true);
    }

    public void OnGuildsReset(int shardId, IReadOnlyList<ulong> guildIds)
    {
        _resetGuilds[shardId] = 0;
        foreach (ulong guild in guildIds) _dirtyGuilds.TryAdd((shardId, guild), 0);
        _flushSignal.Writer.TryWrite(true);
    }

    public async Task ReleaseAsync(IShardRunner runner, CancellationToken cancellationToken)
    {
        if (_redis.Database is not { } db) return;
        await FlushGuildsAsync(runner, db).WaitAsync(cancellationToken);
        foreach (int id in runner.RunningShardIds)
        {
            (ShardSession? current, bool _) = runner.Inspect(id);
            ShardSession? session = _delivered.TryGetValue(id, out ShardSession? delivered) && delivered.SessionId == current?.SessionId ? delivered : current;
            await db.ScriptEvaluateAsync(ShardLeaseScripts.Release, [LeaseKey(id), SessionKey(id)],
                [_redis.OwnerId, session?.SessionId ?? "", session?.ResumeUrl ?? "", session?.Sequence ?? 0, (long)SessionTtl.TotalMilliseconds]).WaitAsync(cancellationToken);
            LogReleased(_logger, id);
        }

        await _members.LeaveAsync(db).WaitAsync(cancellationToken);
    }

    private RedisKey LeaseKey(int shardId) => $"{_redis.Prefix}shard:{_shardCount}:{shardId}:lease";

    private RedisKey SessionKey(int shardId) => $"{_redis.Prefix}shard:{_shardCount}:{shardId}:session";

    private RedisKey RolesKey(int shardId) => $"{_redis.Prefix}shard:{_shardCount}:{shardId}:roles";

    private RedisKey GuildsKey(int shardId) => $"{_redis.Prefix}shard:{_shardCount}:{shardId}:guilds";

    private RedisKey HandOffKey(int shardId) => $"{_redis.Prefix}shard:{_shardCount}:{shardId}:handoff";

    private RedisKey AskersKey => $"{_redis.Prefix}shard:{_shardCount}:askers";

    // Stores what changed of the shards' guilds. Runs before the session writes of the same flush and before each
    // renewal: a guild event is marked on the receive loop before any later event is handed on, so the sequence a
    // session write stores never passes a guild change not stored yet (the resume replays what came after it, and
    // replaying a change already stored is harmless: each one sets or removes).
    private async Task FlushGuildsAsync(IShardRunner runner, IDatabase db)
    {
        if (_dirtyGuilds.IsEmpty && _resetGuilds.IsEmpty) return;
        await _guildWrite.WaitAsync();
        try
        {
            var byShard = new Dictionary<int, List<ulong>>();
            foreach ((int Shard, ulong Guild) key in _dirtyGuilds.Keys)
            {
                if (!_dirtyGuilds.TryRemove(key, out _)) continue;
                if (!byShard.TryGetValue(key.Shard, out List<ulong>? guilds)) byShard[key.Shard] = guilds = [];
                guilds.Add(key.Guild);
            }

            foreach (int shard in _resetGuilds.Keys) byShard.TryAdd(shard, []);
            foreach ((int shard, List<ulong> guilds) in byShard)
            {
                bool reset = _resetGuilds.TryRemove(shard, out _);
                var args = new List<RedisValue>(3 + 2 * guilds.Count) { _redis.OwnerId, (long)SessionTtl.TotalMilliseconds, reset ? "1" : "0" };
                foreach ((ulong guild, GuildSnapshot? snapshot) in runner.DescribeGuilds(guilds))
                {
                    args.Add(guild);
                    args.Add(snapshot?.Format() ?? "");
                }

                bool saved;
                try
                {
                    saved = (int)await db.ScriptEvaluateAsync(ShardLeaseScripts.SaveGuilds, [LeaseKey(shard), GuildsKey(shard)], [.. args]) == 1;
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    // Redis went away: written again by the first flush after it is back.
                    if (reset) _resetGuilds.TryAdd(shard, 0);
                    foreach (ulong guild in guilds) _dirtyGuilds.TryAdd((shard, guild), 0);
                    throw;
                }

                if (!saved)
                {
                    // Not our lease in Redis: lost (the renewal drops the shard and ForgetGuilds), or not re-created
                    // yet after Redis lost its data (the renewal re-creates it; the next round stores these).
                    if (runner.RunningShardIds.Contains(shard))
                    {
                        if (reset) _resetGuilds.TryAdd(shard, 0);
                        foreach (ulong guild in guilds) _dirtyGuilds.TryAdd((shard, guild), 0);
                    }

                    continue;
                }

                foreach (ulong guild in guilds) _storedGuilds.TryAdd((shard, guild), 0);
            }
        }
        finally
        {
            _guildWrite.Release();
        }
    }

    // The shard runs elsewhere now: nothing of its guilds is stored from here any more.
    private void ForgetGuilds(int shardId)
    {
        _resetGuilds.TryRemove(shardId, out _);
        foreach ((int Shard, ulong Guild) key in _dirtyGuilds.Keys)
        {
            if (key.Shard == shardId) _dirtyGuilds.TryRemove(key, out _);
        }

        foreach ((int Shard, ulong Guild) key in _storedGuilds.Keys)
        {
            if (key.Shard == shardId) _storedGuilds.TryRemove(key, out _);
        }
    }

    // What a shard's previous owner kept of its guilds (a resume gets no GUILD_CREATE).
    private async Task<IReadOnlyList<GuildSnapshot>?> ReadGuildsAsync(IDatabase db, int shardId)
    {
        HashEntry[] entries;
        try
        {
            entries = await db.HashGetAllAsync(GuildsKey(shardId));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return null; // resumed all the same; a guild is known again at its next GUILD_CREATE (a re-identify)
        }

        var guilds = new List<GuildSnapshot>(entries.Length);
        foreach (HashEntry entry in entries)
        {
            if (ulong.TryParse(entry.Name.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong id)
                && GuildSnapshot.Parse(id, entry.Value.ToString()) is { } guild)
            {
                guilds.Add(guild);
            }
        }

        return guilds;
    }

    public void OnManagedRole(int shardId, ulong guildId, ulong roleId)
    {
        // Written when it changes only: a READY's GUILD_CREATEs cost one write per guild the first time, none after.
        if (_managedRoles.TryGetValue((shardId, guildId), out ulong known) && known == roleId) return;
        if (_redis.Database is not { } db) return; // not remembered: written when the shard sees it again
        try
        {
            RedisKey key = RolesKey(shardId);
            db.HashSet(key, guildId, roleId, flags: CommandFlags.FireAndForget);
            db.KeyExpire(key, SessionTtl, flags: CommandFlags.FireAndForget);
            _managedRoles[(shardId, guildId)] = roleId;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // A process resuming this shard learns the role at the next role update or re-identify.
        }
    }

    // After an outage Redis may have come back without its data: the roles this process learned are stored again
    // (HSET of what is there already changes nothing).
    private async Task StoreManagedRolesAgainAsync()
    {
        if (_managedRoles.IsEmpty || _shardCount == 0 || _redis.Database is not { } db) return;
        try
        {
            foreach (IGrouping<int, KeyValuePair<(int Shard, ulong Guild), ulong>> shard in _managedRoles.GroupBy(e => e.Key.Shard))
            {
                RedisKey key = RolesKey(shard.Key);
                await db.HashSetAsync(key, [.. shard.Select(e => new HashEntry(e.Key.Guild, e.Value))]);
                await db.KeyExpireAsync(key, SessionTtl);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogTickFailed(_logger, ex.Message);
        }
    }

    // What a shard's previous owner learned about the bot's managed roles (a resume gets no GUILD_CREATE).
    private async Task<IReadOnlyDictionary<ulong, ulong>?> ReadManagedRolesAsync(IDatabase db, int shardId)
    {
        HashEntry[] entries;
        try
        {
            entries = await db.HashGetAllAsync(RolesKey(shardId));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return null; // resumed all the same; the role is learned at its next update or a re-identify
        }

        if (entries.Length == 0) return null;
        var roles = new Dictionary<ulong, ulong>(entries.Length);
        foreach (HashEntry entry in entries)
        {
            if (ulong.TryParse(entry.Name.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong guild)
                && ulong.TryParse(entry.Value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong role))
            {
                roles[guild] = role;
            }
        }

        return roles;
    }

    private RedisKey EpochKey => _redis.Prefix + "epoch";

    private RedisKey ShardCountKey => _redis.Prefix + "shard-count";

    internal async Task TickAsync(IShardRunner runner, CancellationToken cancellationToken)
    {
        _shardCount = runner.ShardCount;
        if (_redis.Database is not { } db)
        {
            // Alone: the shards held keep running; nothing is claimed until Redis is back.
            Volatile.Write(ref _epochChecked, false);
            return;
        }

        long now = _time.GetTimestamp();
        await _members.HeartbeatAsync(db);
        _live = await _members.ListAsync(db);
        LiveMembers = Math.Max(1, _live.Count);

        // Leases are per shard count (shard:{count}:{id}), so a process given another SHARD_COUNT would find every
        // lease free and run, next to the others, shards that cover the same guilds: every message answered twice.
        int agreed = (int)await db.ScriptEvaluateAsync(ShardLeaseScripts.AgreeShardCount, [ShardCountKey], [_shardCount, (long)_ttl.TotalMilliseconds]);
        bool countAgrees = agreed == _shardCount;
        if (!countAgrees && !_shardCountAgreed)
        {
            throw new DiscordGatewayException($"SHARD_COUNT {_shardCount} differs from the {agreed} shards the bot's other processes run on this Redis ({ShardCountKey}): give every process the same SHARD_COUNT (to change it, stop them all first).");
        }

        if (countAgrees) _shardCountAgreed = true;
        else LogShardCountConflict(_logger, agreed, _shardCount);

        if (!Volatile.Read(ref _epochChecked))
        {
            // No epoch key: Redis is new or lost its data, and with it every lease. Live owners re-create theirs at
            // their next renewal; claiming before that would take running shards from them.
            bool known = await db.KeyExistsAsync(EpochKey);
            _claimsFrom = known ? now : now + _ttl.Ticks * _time.TimestampFrequency / TimeSpan.TicksPerSecond;
            Volatile.Write(ref _epochChecked, true);
            if (!known) LogWaitingForOwners(_logger, DurationText.Format(_ttl));
        }

        await FlushGuildsAsync(runner, db);
        await RenewAsync(runner, db, now);
        if (now < _claimsFrom || !countAgrees) return;
        await db.StringSetAsync(EpochKey, _time.GetUtcNow().ToUnixTimeMilliseconds(), when: When.NotExists);
        await ClaimAsync(runner, db, now, cancellationToken);
        Volatile.Write(ref _claimRoundCompleted, true);
        if (_firstRound < 0) _firstRound = now;
        if (_rebalance && _plan.Any) await RebalanceAsync(runner, db, now);
    }

    // Evens the shares out, one shard per round. A process below its fair share (shards ÷ live processes, rounded up)
    // asks for one, once it has been live a whole TTL; a process above it hands one healthy shard to a live asker. Only
    // "any" processes take part: an asker takes any shard, so nothing is released that its taker would refuse, and an
    // explicit process keeps its named shards. Nobody crosses the share on the way (the giver stays at or above it,
    // the taker at or below), so shards never move back and forth.
    private async Task RebalanceAsync(IShardRunner runner, IDatabase db, long now)
    {
        int held = runner.RunningShardIds.Count;
        int share = (_shardCount + LiveMembers - 1) / LiveMembers;
        long nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        long ttlTicks = _ttl.Ticks * _time.TimestampFrequency / TimeSpan.TicksPerSecond;
        if (LiveMembers > 1 && held < share && now - _firstRound >= ttlTicks)
        {
            await db.SortedSetAddAsync(AskersKey, _redis.OwnerId, nowMs + (long)_ttl.TotalMilliseconds);
            await db.SortedSetRemoveRangeByScoreAsync(AskersKey, double.NegativeInfinity, nowMs, Exclude.Stop);
            _asking = true;
        }
        else if (_asking)
        {
            await db.SortedSetRemoveAsync(AskersKey, _redis.OwnerId);
            _asking = false;
        }

        if (held <= share) return;
        RedisValue[] askers = await db.SortedSetRangeByScoreAsync(AskersKey, nowMs, double.PositiveInfinity);
        var live = new HashSet<string>(_live);
        string? to = askers.Select(a => a.ToString()).FirstOrDefault(a => a != _redis.OwnerId && live.Contains(a));
        if (to is null) return;

        // A healthy shard with a session: the taker resumes it, so nothing is lost but the few seconds it moves in.
        int id = runner.RunningShardIds.Where(i => runner.Inspect(i) is { Healthy: true, Session: not null }).DefaultIfEmpty(-1).Max();
        if (id < 0) return;
        await HandOffAsync(runner, db, id, to, held, share);
    }

    private async Task HandOffAsync(IShardRunner runner, IDatabase db, int id, string to, int held, int share)
    {
        bool handedOff = false;
        try
        {
            await runner.HandOffShardAsync(id, async session =>
            {
                // The guilds first, while the lease is ours: the taker restores them before its resume.
                await FlushGuildsAsync(runner, db);
                handedOff = (int)await db.ScriptEvaluateAsync(ShardLeaseScripts.HandOff, [LeaseKey(id), SessionKey(id), HandOffKey(id), AskersKey],
                    [_redis.OwnerId, session?.SessionId ?? "", session?.ResumeUrl ?? "", session?.Sequence ?? 0, (long)SessionTtl.TotalMilliseconds, to, (long)_ttl.TotalMilliseconds]) == 1;
            });
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Said below: the shard stopped here and its lease lapses on its own.
        }
        finally
        {
            // Stopped here whatever the script did: a lease still ours lapses within a TTL and the shard is resumed
            // by whoever takes it then.
            _lastHealthy.Remove(id);
            _delivered.TryRemove(id, out _);
            _pending.TryRemove(id, out _);
            ForgetGuilds(id);
        }

        if (handedOff)
        {
            Interlocked.Increment(ref HandOffs);
            LogHandedOff(_logger, id, _redis.OwnerId, to, held, share);
        }
        else
        {
            LogHandOffLost(_logger, id, to);
        }
    }

    private async Task RenewAsync(IShardRunner runner, IDatabase db, long now)
    {
        long unhealthyLimit = 3 * _ttl.Ticks * _time.TimestampFrequency / TimeSpan.TicksPerSecond;
        foreach (int id in runner.RunningShardIds)
        {
            (ShardSession? current, bool healthy) = runner.Inspect(id);
            ShardSession? session = _delivered.TryGetValue(id, out ShardSession? delivered) && delivered.SessionId == current?.SessionId ? delivered : current;
            if (healthy || !_lastHealthy.ContainsKey(id)) _lastHealthy[id] = now;
            if (now - _lastHealthy[id] > unhealthyLimit)
            {
                // Down for three TTLs: stop holding it, so a process with a working link can take it over.
                LogGivingUp(_logger, id, DurationText.Format(_ttl * 3));
                await runner.AbandonShardAsync(id);
                _lastHealthy.Remove(id);
                _delivered.TryRemove(id, out _);
                ForgetGuilds(id);
                await db.ScriptEvaluateAsync(ShardLeaseScripts.Release, [LeaseKey(id), SessionKey(id)],
                    [_redis.OwnerId, session?.SessionId ?? "", session?.ResumeUrl ?? "", session?.Sequence ?? 0, (long)SessionTtl.TotalMilliseconds]);
                continue;
            }

            RedisResult renewed = await db.ScriptEvaluateAsync(ShardLeaseScripts.Renew, [LeaseKey(id), SessionKey(id), RolesKey(id), GuildsKey(id)],
                [_redis.OwnerId, (long)_ttl.TotalMilliseconds, session?.SessionId ?? "", session?.ResumeUrl ?? "", session?.Sequence ?? 0, (long)SessionTtl.TotalMilliseconds]);
            if ((int)renewed == 0)
            {
                Interlocked.Increment(ref Losses);
                LogLost(_logger, id);
                _lastHealthy.Remove(id);
                _delivered.TryRemove(id, out _);
                await runner.AbandonShardAsync(id);
                ForgetGuilds(id);
            }
        }
    }

    private async Task ClaimAsync(IShardRunner runner, IDatabase db, long now, CancellationToken cancellationToken)
    {
        var running = new HashSet<int>(runner.RunningShardIds);
        int target = _plan.Any ? (_shardCount + LiveMembers - 1) / LiveMembers : int.MaxValue;
        int[] wanted = [.. (_plan.Ids ?? Enumerable.Range(0, _shardCount)).Where(id => !running.Contains(id))];
        foreach (int id in wanted)
        {
            if (running.Count >= target) break;
            if (await TryClaimAsync(runner, db, id, cancellationToken)) running.Add(id);
        }

        if (!_plan.Any) return;

        // Past its fair share, an "any" process still takes a shard that nobody took for a whole TTL (the others are
        // full, or want only their explicit shards): no shard stays without a process.
        int[] rest = [.. wanted.Where(id => !running.Contains(id))];
        if (rest.Length == 0) return;
        var free = (RedisResult[])(await db.ScriptEvaluateAsync(ShardLeaseScripts.Free, [.. rest.Select(LeaseKey)]))!;
        var freeIds = new HashSet<int>(free.Select(i => rest[(int)i - 1]));
        long ttlTicks = _ttl.Ticks * _time.TimestampFrequency / TimeSpan.TicksPerSecond;
        foreach (int id in rest)
        {
            if (!freeIds.Contains(id))
            {
                _freeSince.Remove(id);
                continue;
            }

            if (_freeSince.TryAdd(id, now) || now - _freeSince[id] < ttlTicks) continue;
            LogUnclaimed(_logger, id, DurationText.Format(_ttl));
            if (await TryClaimAsync(runner, db, id, cancellationToken)) _freeSince.Remove(id);
        }
    }

    private async Task<bool> TryClaimAsync(IShardRunner runner, IDatabase db, int id, CancellationToken cancellationToken)
    {
        var claimed = (RedisResult[])(await db.ScriptEvaluateAsync(ShardLeaseScripts.Claim, [LeaseKey(id), SessionKey(id), HandOffKey(id)],
            [_redis.OwnerId, (long)_ttl.TotalMilliseconds]))!;
        if ((int)claimed[0] != 1)
        {
            WarnIfExplicitShardHeldElsewhere(id, claimed[1].ToString());
            return false;
        }

        _heldElsewhere.Remove(id);

        ShardSession? session = claimed[1].ToString() is { Length: > 0 } sid
            ? new ShardSession(sid, claimed[2].ToString() is { Length: > 0 } url ? url : null, int.Parse(claimed[3].ToString(), CultureInfo.InvariantCulture))
            : null;
        if (session is not null) session = session with { ManagedRoles = await ReadManagedRolesAsync(db, id), Guilds = await ReadGuildsAsync(db, id) };
        LogPreviousOwner(id, session, previous: claimed[4].ToString(), left: claimed[5].ToString(), handedOffBy: claimed[6].ToString());
        Interlocked.Increment(ref Claims);
        bool started;
        try
        {
            started = await runner.StartShardAsync(id, session, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogStartFailed(_logger, id, ex.Message);
            started = false;
        }

        if (!started)
        {
            await db.ScriptEvaluateAsync(ShardLeaseScripts.Release, [LeaseKey(id), SessionKey(id)], [_redis.OwnerId, "", "", 0, 0]);
            return false;
        }

        _lastHealthy[id] = _time.GetTimestamp();
        return true;
    }

    // Who had the shard before, said before the gateway's "is ours now" and the shard's "connecting" lines.
    private void LogPreviousOwner(int id, ShardSession? session, string previous, string left, string handedOffBy)
    {
        if (handedOffBy.Length > 0)
        {
            LogHandOffTaken(_logger, id, handedOffBy, _redis.OwnerId);
            return;
        }

        if (session is null) return; // a fresh identify: nobody's session is taken over
        if (previous.Length == 0) previous = "an unknown process";
        if (left == "released") LogTakingReleased(_logger, id, previous);
        else if (left == "handoff") LogTakingHandOffExpired(_logger, id, previous);
        else LogTakingExpired(_logger, id, previous);
    }

    // A shard named in SHARD_IDS that another process holds stays there: leases are never taken from a live holder,
    // and an "any" process that got it first keeps renewing it. Said once per holder, so the operator can see why.
    private void WarnIfExplicitShardHeldElsewhere(int id, string holder)
    {
        // Our own lease outliving a shard this process dropped (given up, or its start failed) is not "another process":
        // it lapses within a TTL and the shard is claimed again.
        if (_plan.Any || holder.Length == 0 || holder == _redis.OwnerId || (_heldElsewhere.TryGetValue(id, out string? known) && known == holder)) return;
        _heldElsewhere[id] = holder;
        LogHeldElsewhere(_logger, id, holder);
    }

    private async Task FlushLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await _flushSignal.Reader.WaitToReadAsync(cancellationToken))
            {
                _flushSignal.Reader.TryRead(out _);
                if (_redis.Database is not { } db) continue; // the next renewal stores the session
                try
                {
                    // The guilds first: a session stored before them could skip, at a takeover, a change they lack.
                    if (Volatile.Read(ref _runner) is { } runner) await FlushGuildsAsync(runner, db);
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    continue; // the sessions wait too: the renewal after Redis is back stores both, guilds first
                }

                var writes = new List<Task>();
                foreach (int id in _pending.Keys)
                {
                    if (!_pending.TryRemove(id, out ShardSession? s)) continue;
                    writes.Add(db.ScriptEvaluateAsync(ShardLeaseScripts.Save, [LeaseKey(id), SessionKey(id)],
                        [_redis.OwnerId, s.SessionId, s.ResumeUrl ?? "", s.Sequence, (long)SessionTtl.TotalMilliseconds]));
                }

                try
                {
                    await Task.WhenAll(writes);
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    // Redis went away: the renewal after it is back stores the session.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(LogLevel.Debug, "Shard lease round failed: {Error}")]
    private static partial void LogTickFailed(ILogger logger, string error);

    [LoggerMessage(LogLevel.Information, "Redis holds no epoch (new, or restarted without its data): waiting {Ttl} for live owners to re-assert their shard leases before claiming any")]
    private static partial void LogWaitingForOwners(ILogger logger, string ttl);

    [LoggerMessage(LogLevel.Error, "Another process of this bot runs {Theirs} shards, this one {Ours} (SHARD_COUNT differs): keeping the shards held, claiming none until every process has the same count")]
    private static partial void LogShardCountConflict(ILogger logger, int theirs, int ours);

    [LoggerMessage(LogLevel.Warning, "Shard {ShardId}'s lease is held by another process now; dropping the shard here")]
    private static partial void LogLost(ILogger logger, int shardId);

    [LoggerMessage(LogLevel.Warning, "Shard {ShardId} has not been READY for {Limit}; giving its lease up so another process can run it")]
    private static partial void LogGivingUp(ILogger logger, int shardId, string limit);

    [LoggerMessage(LogLevel.Warning, "Shard {ShardId} could not start after its lease was won ({Error}); lease given back")]
    private static partial void LogStartFailed(ILogger logger, int shardId, string error);

    [LoggerMessage(LogLevel.Information, "Shard {ShardId} has had no process for {Ttl}; taking it beyond this process's fair share")]
    private static partial void LogUnclaimed(ILogger logger, int shardId, string ttl);

    [LoggerMessage(LogLevel.Warning, "Shard {ShardId} is in this process's SHARD_IDS, but process {Holder} holds its lease: it runs there, and this process takes it only when that lease ends (a stop or a crash there); give each shard to one process, or use SHARD_IDS=any")]
    private static partial void LogHeldElsewhere(ILogger logger, int shardId, string holder);

    [LoggerMessage(LogLevel.Information, "Shard {ShardId} handed off from {From} to {To} to even the shares out (this process held {Held}, fair share {Share}); it resumes there")]
    private static partial void LogHandedOff(ILogger logger, int shardId, string from, string to, int held, int share);

    [LoggerMessage(LogLevel.Warning, "Shard {ShardId} was stopped to hand it to {To}, but its lease was no longer this process's (or Redis did not answer); whoever takes it next resumes it")]
    private static partial void LogHandOffLost(ILogger logger, int shardId, string to);

    [LoggerMessage(LogLevel.Information, "Shard {ShardId} handed off from {From} to {To}; resuming its session here")]
    private static partial void LogHandOffTaken(ILogger logger, int shardId, string from, string to);

    [LoggerMessage(LogLevel.Information, "Shard {ShardId}'s lease was released by {Previous}; resuming its session here")]
    private static partial void LogTakingReleased(ILogger logger, int shardId, string previous);

    [LoggerMessage(LogLevel.Information, "Shard {ShardId} was handed off by {Previous}, but its taker did not claim it in time; resuming its session here")]
    private static partial void LogTakingHandOffExpired(ILogger logger, int shardId, string previous);

    [LoggerMessage(LogLevel.Information, "Shard {ShardId}'s lease held by {Previous} expired; taking it over, resuming its session here")]
    private static partial void LogTakingExpired(ILogger logger, int shardId, string previous);

    [LoggerMessage(LogLevel.Information, "Shard {ShardId} lease released with its session, for another process to resume")]
    private static partial void LogReleased(ILogger logger, int shardId);
}
