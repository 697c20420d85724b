using System.Collections.Concurrent;

namespace AndyAI.Discord.Gateway;

/// <summary>
/// What the bot keeps from READY and GUILD_CREATE (only what it needs: its ids, guild ids, its managed role per
/// guild, channel → guild, each guild's roles and their permissions) plus cheap counters. Shared by all shards of a process.
/// </summary>
internal sealed class GatewayState
{
    private readonly ConcurrentDictionary<ulong, ulong> _managedRoleByGuild = new();
    private readonly ConcurrentDictionary<ulong, ulong> _guildByChannel = new();
    private readonly ConcurrentDictionary<ulong, byte> _guilds = new();
    // Thread id → its parent channel (0 when Discord did not say).
    private readonly ConcurrentDictionary<ulong, ulong> _threads = new();
    // Every reason is there at 0 from the start, so a metric alert on one reason has a series before it first happens.
    private readonly ConcurrentDictionary<string, long> _reconnectReasons = new(
        Enum.GetValues<GatewayShard.EndReason>()
            .Where(reason => reason is not (GatewayShard.EndReason.None or GatewayShard.EndReason.Stopping))
            .Select(reason => KeyValuePair.Create(reason.ToString(), 0L)),
        StringComparer.Ordinal);
    private long _botUserId;
    private long _applicationId;

    internal long MessagesSeen;
    internal long MessagesParsed;
    internal long InteractionsSeen;
    internal long Dispatches;
    internal long DuplicatesDropped;
    internal long Reconnects;
    internal long Resumes;
    internal long Identifies;

    public ulong BotUserId => (ulong)Interlocked.Read(ref _botUserId);

    public ulong ApplicationId => (ulong)Interlocked.Read(ref _applicationId);

    public string? BotUsername { get; private set; }

    public int GuildCount => _guilds.Count;

    public void SetIdentity(ulong botUserId, string username, ulong applicationId)
    {
        BotUsername = username;
        Interlocked.Exchange(ref _botUserId, (long)botUserId);
        if (applicationId != 0) Interlocked.Exchange(ref _applicationId, (long)applicationId);
    }

    // Dispatches by event, except MESSAGE_CREATE (MessagesSeen counts those): the flood's hot path pays one compare.
    private readonly long[] _events = new long[Enum.GetValues<GatewayEventName>().Length];

    public void CountEvent(GatewayEventName name) => Interlocked.Increment(ref _events[(int)name]);

    /// <summary>Dispatches so far by event type (MESSAGE_CREATE included), Unknown for events the client does not read.</summary>
    public IEnumerable<(GatewayEventName Name, long Count)> EventCounts()
    {
        foreach (GatewayEventName name in Enum.GetValues<GatewayEventName>())
        {
            switch (name)
            {
                case GatewayEventName.None:
                    break; // folded into Unknown
                case GatewayEventName.MessageCreate:
                    yield return (name, Interlocked.Read(ref MessagesSeen));
                    break;
                case GatewayEventName.Unknown:
                    yield return (name, Interlocked.Read(ref _events[(int)name]) + Interlocked.Read(ref _events[(int)GatewayEventName.None]));
                    break;
                default:
                    yield return (name, Interlocked.Read(ref _events[(int)name]));
                    break;
            }
        }
    }

    /// <summary>Reconnects so far by why the connection ended (rare: a dictionary update is cheap enough).</summary>
    public IEnumerable<KeyValuePair<string, long>> ReconnectReasons => _reconnectReasons;

    public void CountReconnect(string reason)
    {
        Interlocked.Increment(ref Reconnects);
        _reconnectReasons.AddOrUpdate(reason, 1, static (_, count) => count + 1);
    }

    public void AddGuild(ulong guildId) => _guilds.TryAdd(guildId, 0);

    public void RemoveGuild(ulong guildId)
    {
        _guilds.TryRemove(guildId, out _);
        _managedRoleByGuild.TryRemove(guildId, out _);
        _permissions.TryRemove(guildId, out _);
        foreach ((ulong channel, ulong guild) in _guildByChannel)
        {
            if (guild == guildId)
            {
                _guildByChannel.TryRemove(channel, out _);
                _threads.TryRemove(channel, out _);
            }
        }
    }

    public void SetManagedRole(ulong guildId, ulong roleId) => _managedRoleByGuild[guildId] = roleId;

    public ulong? GetManagedRole(ulong guildId) => _managedRoleByGuild.TryGetValue(guildId, out ulong role) ? role : null;

    /// <summary>The guild's owner and each role's permission bits (from GUILD_CREATE and role events), for permission checks of prefix commands.</summary>
    private readonly ConcurrentDictionary<ulong, GuildPermissions> _permissions = new();

    public void SetGuildPermissions(ulong guildId, ulong? ownerId, IEnumerable<(ulong RoleId, ulong Permissions)> roles)
    {
        var info = new GuildPermissions(ownerId ?? 0);
        foreach ((ulong role, ulong permissions) in roles)
        {
            info.Roles[role] = permissions;
        }

        _permissions[guildId] = info;
    }

    public void SetRolePermissions(ulong guildId, ulong roleId, ulong permissions)
    {
        if (_permissions.TryGetValue(guildId, out GuildPermissions? info))
        {
            info.Roles[roleId] = permissions;
        }
    }

    public void RemoveRole(ulong guildId, ulong roleId)
    {
        if (_permissions.TryGetValue(guildId, out GuildPermissions? info))
        {
            info.Roles.TryRemove(roleId, out _);
        }
    }

    /// <summary>
    /// Whether <paramref name="roleId"/> is a role of <paramref name="guildId"/> (from GUILD_CREATE and role events), or
    /// <see langword="null"/> when the guild was not seen.
    /// </summary>
    public bool? HasRole(ulong guildId, ulong roleId) =>
        _permissions.TryGetValue(guildId, out GuildPermissions? info) ? info.Roles.ContainsKey(roleId) : null;

    /// <summary>
    /// Whether <paramref name="channelId"/> is a channel or thread of <paramref name="guildId"/> (from GUILD_CREATE,
    /// channel and thread events), or <see langword="null"/> when the guild was not seen.
    /// </summary>
    public bool? HasChannel(ulong guildId, ulong channelId) =>
        !_permissions.ContainsKey(guildId) ? null : _guildByChannel.TryGetValue(channelId, out ulong guild) && guild == guildId;

    /// <summary>
    /// A member's guild-level permission bits (@everyone's and their roles', all bits for the owner), or
    /// <see langword="null"/> when the guild was not seen.
    /// </summary>
    public ulong? MemberPermissions(ulong guildId, ulong userId, IReadOnlyList<ulong> roleIds)
    {
        if (!_permissions.TryGetValue(guildId, out GuildPermissions? info))
        {
            return null;
        }

        if (info.OwnerId == userId && userId != 0)
        {
            return ulong.MaxValue;
        }

        // @everyone's role has the guild's id.
        ulong bits = info.Roles.TryGetValue(guildId, out ulong everyone) ? everyone : 0;
        foreach (ulong role in roleIds)
        {
            bits |= info.Roles.TryGetValue(role, out ulong granted) ? granted : 0;
        }

        return bits;
    }

    private sealed class GuildPermissions(ulong ownerId)
    {
        public ulong OwnerId { get; } = ownerId;

        public ConcurrentDictionary<ulong, ulong> Roles { get; } = new();
    }

    public void SetChannelGuild(ulong channelId, ulong guildId) => _guildByChannel[channelId] = guildId;

    public ulong? GetChannelGuild(ulong channelId) => _guildByChannel.TryGetValue(channelId, out ulong guild) ? guild : null;

    /// <summary>Remembers a thread (from GUILD_CREATE, THREAD_CREATE/UPDATE or THREAD_LIST_SYNC): its messages are in a thread.</summary>
    public void AddThread(ulong threadId, ulong guildId, ulong? parentId)
    {
        _threads[threadId] = parentId ?? 0;
        _guildByChannel[threadId] = guildId;
    }

    public void RemoveChannel(ulong channelId)
    {
        _guildByChannel.TryRemove(channelId, out _);
        _threads.TryRemove(channelId, out _);
    }

    public void RemoveThread(ulong threadId)
    {
        _threads.TryRemove(threadId, out _);
        _guildByChannel.TryRemove(threadId, out _);
    }

    // TryGetValue and ContainsKey read without locks; ConcurrentDictionary.IsEmpty takes every lock when it is empty
    // (the usual case here), so it is no cheap pre-check on the message path.
    public bool IsThread(ulong channelId) => _threads.ContainsKey(channelId);

    /// <summary>Null when <paramref name="channelId"/> is no thread the bot knows; else its parent channel (0 when unknown).</summary>
    public ulong? ThreadParent(ulong channelId) => _threads.TryGetValue(channelId, out ulong parent) ? parent : null;

    public int ThreadCount => _threads.Count;

    /// <summary>The guilds known now (READY, GUILD_CREATE, or restored with a resumed session).</summary>
    public IEnumerable<ulong> GuildIds => _guilds.Keys;

    /// <summary>
    /// What is kept of each of <paramref name="guildIds"/>, for a process that resumes its shard; <see langword="null"/>
    /// for a guild not known (any more). One pass over the channels, however many guilds are asked for.
    /// </summary>
    public IReadOnlyList<KeyValuePair<ulong, GuildSnapshot?>> Describe(IReadOnlyCollection<ulong> guildIds)
    {
        var channels = new Dictionary<ulong, (List<ulong> Channels, List<KeyValuePair<ulong, ulong>> Threads)>(guildIds.Count);
        foreach (ulong guild in guildIds)
        {
            if (_permissions.ContainsKey(guild)) channels[guild] = ([], []);
        }

        if (channels.Count > 0)
        {
            foreach ((ulong channel, ulong guild) in _guildByChannel)
            {
                if (!channels.TryGetValue(guild, out var lists)) continue;
                if (_threads.TryGetValue(channel, out ulong parent)) lists.Threads.Add(KeyValuePair.Create(channel, parent));
                else lists.Channels.Add(channel);
            }
        }

        var snapshots = new List<KeyValuePair<ulong, GuildSnapshot?>>(guildIds.Count);
        foreach (ulong guild in guildIds)
        {
            GuildSnapshot? snapshot = null;
            if (_permissions.TryGetValue(guild, out GuildPermissions? info) && channels.TryGetValue(guild, out var lists))
            {
                snapshot = new GuildSnapshot(guild, true, info.OwnerId, [.. info.Roles], lists.Channels, lists.Threads);
            }
            else if (_guilds.ContainsKey(guild))
            {
                snapshot = GuildSnapshot.Known(guild);
            }

            snapshots.Add(KeyValuePair.Create(guild, snapshot));
        }

        return snapshots;
    }

    /// <summary>Takes a guild as its shard's previous owner described it (a resumed session gets no GUILD_CREATE).</summary>
    public void Restore(GuildSnapshot guild)
    {
        AddGuild(guild.Id);
        if (!guild.Described) return;
        SetGuildPermissions(guild.Id, guild.OwnerId == 0 ? null : guild.OwnerId, guild.Roles.Select(r => (r.Key, r.Value)));
        foreach (ulong channel in guild.Channels) SetChannelGuild(channel, guild.Id);
        foreach ((ulong thread, ulong parent) in guild.Threads) AddThread(thread, guild.Id, parent == 0 ? null : parent);
    }
}
