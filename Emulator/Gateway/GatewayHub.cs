using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json;
using AndyAI.Emulator.Payloads;
using AndyAI.Emulator.Recording;
using AndyAI.Emulator.World;
using Microsoft.Extensions.Logging;

namespace AndyAI.Emulator.Gateway;

/// <summary>Owns gateway sessions and connections: IDENTIFY/RESUME validation, dispatch fan-out and faults.</summary>
internal sealed class GatewayHub
{
    private readonly ConcurrentDictionary<string, GatewaySession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, GatewayConnection> _connections = new();
    // Serializes fan-out against session creation so a new session never misses or duplicates a dispatch.
    private readonly Lock _dispatchGate = new();
    private readonly Lock _identifyGate = new();
    private readonly Queue<long> _recentIdentifies = new();
    private readonly EmulatorWorld _world;
    private readonly Recorder<RecordedFrame> _frames;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _nextConnectionId;
    private long _dispatchDelayTicks;
    private int _grantedPrivileged;
    private int _sessionStartsRemaining;
    private DateTimeOffset _sessionStartReset;
    private TaskCompletionSource? _acceptHold;

    public GatewayHub(EmulatorOptions options, EmulatorWorld world, Recorder<RecordedFrame> frames, ILogger logger)
    {
        Options = options;
        _world = world;
        _frames = frames;
        _time = options.TimeProvider;
        _logger = logger;
        _grantedPrivileged = options.GrantedPrivilegedIntents;
        _sessionStartsRemaining = options.SessionStartLimit;
        _sessionStartReset = _time.GetUtcNow().AddDays(1);
    }

    public EmulatorOptions Options { get; }
    public string GatewayUrl { get; set; } = "";
    public string ResumeGatewayUrl { get; set; } = "";

    public TimeSpan DispatchDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _dispatchDelayTicks));
        set => Interlocked.Exchange(ref _dispatchDelayTicks, value.Ticks);
    }

    public int GrantedPrivilegedIntents
    {
        get => Volatile.Read(ref _grantedPrivileged);
        set => Volatile.Write(ref _grantedPrivileged, value);
    }

    public IReadOnlyCollection<GatewayConnection> Connections => [.. _connections.Values];

    public IReadOnlyCollection<GatewaySession> LiveSessions => [.. _sessions.Values.Where(s => !s.Ended)];

    public (int Remaining, long ResetAfterMs) SessionStartLimit()
    {
        lock (_identifyGate)
        {
            RefreshSessionStartBudget();
            return (_sessionStartsRemaining, (long)Math.Max(0, (_sessionStartReset - _time.GetUtcNow()).TotalMilliseconds));
        }
    }

    // ---- connections ----------------------------------------------------------------------------------------

    public Task WaitForAcceptAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _acceptHold) is { } hold ? hold.Task.WaitAsync(cancellationToken) : Task.CompletedTask;

    public void HoldAccepts() => Interlocked.CompareExchange(ref _acceptHold, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), null);

    public void ReleaseAccepts() => Interlocked.Exchange(ref _acceptHold, null)?.TrySetResult();

    public async Task AcceptAsync(WebSocket socket, CoalescingStream? stream, string? version, string? encoding, string? compress)
    {
        long id = Interlocked.Increment(ref _nextConnectionId);
        bool zlib = string.Equals(compress, "zlib-stream", StringComparison.Ordinal);
        var connection = new GatewayConnection(id, socket, stream, zlib, this, _time, _logger);
        _connections[id] = connection;
        GatewayLog.Opened(_logger, id, zlib);
        (int? rejectCode, string? reason) = (version, encoding) switch
        {
            // Versions 9 and 10 are the ones Discord still serves; older ones are closed with 4012.
            (not null and not "9" and not "10", _) => (4012, "Invalid API version."),
            (_, not null and not "json") => (4002, "Only JSON encoding is supported by this emulator."),
            _ when compress is not null && !zlib => (4002, "Unknown compression."),
            _ => ((int?)null, (string?)null),
        };
        if (rejectCode is { } code)
        {
            GatewayLog.Rejected(_logger, id, code, reason!);
        }
        await connection.RunAsync(rejectCode, reason);
    }

    public void OnDisconnected(GatewayConnection connection)
    {
        _connections.TryRemove(connection.Id, out _);
        GatewayLog.Ended(_logger, connection.Id, connection.ClientCloseCode, connection.ServerCloseCode);
        if (connection.Session is not { } session)
        {
            return;
        }
        session.Detach(connection);
        // A client close with 1000/1001 ends the session (no resume); so do the server closes Discord documents as
        // "start a new session" (4007 invalid seq, 4009 timed out) and the fatal ones.
        int client = connection.ClientCloseCode;
        int server = connection.ServerCloseCode;
        if (client is 1000 or 1001 || server is 1000 or 1001 or 4004 or 4007 or 4009 or 4010 or 4011 or 4012 or 4013 or 4014)
        {
            EndSession(session);
        }
    }

    private void EndSession(GatewaySession session)
    {
        session.End();
        _sessions.TryRemove(session.Id, out _);
    }

    // ---- IDENTIFY / RESUME ----------------------------------------------------------------------------------

    public void Identify(GatewayConnection connection, JsonElement d)
    {
        JsonIdentify? identify = Deserialize(d, EmulatorJson.Context.JsonIdentify);
        if (identify is null)
        {
            connection.Close(4002, "Error while decoding payload.");
            return;
        }
        if (!TokenMatches(identify.Token))
        {
            connection.Close(4004, "Authentication failed.");
            return;
        }
        int shardId = 0, shardCount = 1;
        if (identify.Shard is { } shard)
        {
            if (shard.Length != 2 || shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1])
            {
                connection.Close(4010, "Invalid shard.");
                return;
            }
            (shardId, shardCount) = (shard[0], shard[1]);
        }
        if (identify.Intents is not { } intentsLong || intentsLong < 0 || (intentsLong & ~(long)GatewayIntentBits.ValidMask) != 0)
        {
            connection.Close(4013, "Invalid intent(s).");
            return;
        }
        int intents = (int)intentsLong;
        if ((intents & GatewayIntentBits.PrivilegedMask & ~GrantedPrivilegedIntents) != 0)
        {
            connection.Close(4014, "Disallowed intent(s).");
            return;
        }
        IReadOnlyList<ulong> guilds = [.. _world.GuildIds().Where(g => (int)((g >> 22) % (ulong)shardCount) == shardId)];
        if (guilds.Count > Options.MaxGuildsPerShard)
        {
            connection.Close(4011, "Sharding required.");
            return;
        }
        if (!TryStartSession(shardId))
        {
            // Discord answers an identify over the concurrency or daily budget with op 9 (not resumable).
            connection.SendOp(GatewayFrames.InvalidSession, "false");
            return;
        }

        string sessionId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var session = new GatewaySession(sessionId, intents, shardId, shardCount, Options.ReplayBufferSize, _time);
        var ready = new JsonReady
        {
            Version = 10,
            User = _world.BotUserJson(),
            Guilds = [.. guilds.Select(g => new JsonUnavailableGuild { Id = EmulatorWorld.Id(g) })],
            SessionId = sessionId,
            ResumeGatewayUrl = ResumeGatewayUrl,
            Shard = identify.Shard is null ? null : [shardId, shardCount],
            Application = new JsonReadyApplication { Id = EmulatorWorld.Id(_world.ApplicationId), Flags = ApplicationFlags() },
        };
        lock (_dispatchGate)
        {
            connection.Session = session;
            session.Attach(connection);
            session.Dispatch("READY", GatewayFrames.Serialize(ready, EmulatorJson.Context.JsonReady));
            if ((intents & GatewayIntentBits.Guilds) != 0)
            {
                foreach (ulong guildId in guilds)
                {
                    if (_world.GuildJson(guildId, forGatewayCreate: true) is { } guild)
                    {
                        session.Dispatch("GUILD_CREATE", GatewayFrames.Serialize(guild, EmulatorJson.Context.JsonGuild));
                    }
                }
            }
            _sessions[sessionId] = session;
        }
        GatewayLog.Identified(_logger, sessionId, connection.Id, shardId, shardCount, intents);
        PruneExpiredSessions();
    }

    public void Resume(GatewayConnection connection, JsonElement d)
    {
        JsonResume? resume = Deserialize(d, EmulatorJson.Context.JsonResume);
        if (resume is null)
        {
            connection.Close(4002, "Error while decoding payload.");
            return;
        }
        if (!TokenMatches(resume.Token))
        {
            connection.Close(4004, "Authentication failed.");
            return;
        }
        if (resume.SessionId is null || !_sessions.TryGetValue(resume.SessionId, out GatewaySession? session))
        {
            connection.SendOp(GatewayFrames.InvalidSession, "false");
            return;
        }
        GatewaySession.ResumeResult result;
        GatewayConnection? previous;
        lock (_dispatchGate)
        {
            connection.Session = session;
            result = session.TryResume(connection, resume.Sequence ?? 0, Options.SessionResumeWindow, out previous);
            if (result != GatewaySession.ResumeResult.Resumed)
            {
                connection.Session = null;
            }
        }
        switch (result)
        {
            case GatewaySession.ResumeResult.Resumed:
                GatewayLog.Resumed(_logger, session.Id, connection.Id, resume.Sequence ?? 0);
                // The old socket (if still open) loses the session, as on Discord.
                previous?.Close(4000, "Session resumed elsewhere.");
                break;
            case GatewaySession.ResumeResult.InvalidSequence:
                connection.Close(4007, "Invalid seq.");
                EndSession(session);
                break;
            default:
                EndSession(session);
                connection.SendOp(GatewayFrames.InvalidSession, "false");
                break;
        }
    }

    public void RequestGuildMembers(GatewayConnection connection, JsonElement d)
    {
        if (d.ValueKind != JsonValueKind.Object || !d.TryGetProperty("guild_id", out JsonElement gid)
            || !ulong.TryParse(gid.ValueKind == JsonValueKind.String ? gid.GetString() : gid.GetRawText(), out ulong guildId)
            || _world.GuildJson(guildId, forGatewayCreate: true) is not { } guild)
        {
            return;
        }
        string nonce = d.TryGetProperty("nonce", out JsonElement n) && n.ValueKind == JsonValueKind.String ? n.GetRawText() : "null";
        string members = JsonSerializer.Serialize(guild.Members ?? [], EmulatorJson.Context.JsonMemberArray);
        string chunk = "{\"guild_id\":\"" + EmulatorWorld.Id(guildId) + "\",\"members\":" + members
            + ",\"chunk_index\":0,\"chunk_count\":1,\"not_found\":[],\"nonce\":" + nonce + "}";
        connection.Session?.Dispatch("GUILD_MEMBERS_CHUNK", System.Text.Encoding.UTF8.GetBytes(chunk));
    }

    private bool TryStartSession(int shardId)
    {
        lock (_identifyGate)
        {
            RefreshSessionStartBudget();
            if (_sessionStartsRemaining <= 0)
            {
                return false;
            }
            long now = _time.GetTimestamp();
            while (_recentIdentifies.Count > 0 && _time.GetElapsedTime(_recentIdentifies.Peek(), now) >= Options.IdentifyWindow)
            {
                _recentIdentifies.Dequeue();
            }
            // Buckets are shard_id % max_concurrency; with one identify per bucket per window, the window admits at
            // most max_concurrency identifies in total.
            if (_recentIdentifies.Count >= Options.MaxConcurrency)
            {
                return false;
            }
            _ = shardId;
            _recentIdentifies.Enqueue(now);
            _sessionStartsRemaining--;
            return true;
        }
    }

    private void RefreshSessionStartBudget()
    {
        if (_time.GetUtcNow() >= _sessionStartReset)
        {
            _sessionStartsRemaining = Options.SessionStartLimit;
            _sessionStartReset = _time.GetUtcNow().AddDays(1);
        }
    }

    private int ApplicationFlags()
    {
        // GATEWAY_PRESENCE (1<<12), GATEWAY_GUILD_MEMBERS (1<<14), GATEWAY_MESSAGE_CONTENT (1<<18)
        int granted = GrantedPrivilegedIntents, flags = 0;
        if ((granted & GatewayIntentBits.GuildPresences) != 0) flags |= 1 << 12;
        if ((granted & GatewayIntentBits.GuildMembers) != 0) flags |= 1 << 14;
        if ((granted & GatewayIntentBits.MessageContent) != 0) flags |= 1 << 18;
        return flags;
    }

    private bool TokenMatches(string? token)
    {
        if (token is null)
        {
            return false;
        }
        ReadOnlySpan<char> t = token.AsSpan();
        if (t.StartsWith("Bot ", StringComparison.Ordinal))
        {
            t = t[4..];
        }
        return t.SequenceEqual(Options.BotToken);
    }

    private static T? Deserialize<T>(JsonElement d, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (d.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        try
        {
            return d.Deserialize(typeInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void PruneExpiredSessions()
    {
        foreach (GatewaySession s in _sessions.Values)
        {
            if (s.IsExpired(Options.SessionResumeWindow))
            {
                EndSession(s);
            }
        }
    }

    // ---- dispatch -------------------------------------------------------------------------------------------

    public void Dispatch(DispatchPayload payload)
    {
        lock (_dispatchGate)
        {
            foreach (GatewaySession session in _sessions.Values)
            {
                if (Accepts(session, payload))
                {
                    session.Dispatch(payload.EventName, payload.For(session));
                }
            }
        }
    }

    public static bool Accepts(GatewaySession session, DispatchPayload payload) =>
        !session.Ended
        && (payload.Intent == 0 || (session.Intents & payload.Intent) != 0)
        && session.HandlesGuild(payload.GuildId);

    // ---- faults ---------------------------------------------------------------------------------------------

    public int ForEachConnection(Action<GatewayConnection> action)
    {
        int n = 0;
        foreach (GatewayConnection c in _connections.Values)
        {
            action(c);
            n++;
        }
        return n;
    }

    public void InvalidateSessions(bool resumable)
    {
        foreach (GatewayConnection c in _connections.Values)
        {
            c.SendOp(GatewayFrames.InvalidSession, resumable ? "true" : "false");
            if (!resumable && c.Session is { } s)
            {
                EndSession(s);
            }
        }
    }

    // ---- recording ------------------------------------------------------------------------------------------

    public void RecordFrame(GatewayConnection connection, FrameDirection direction, int opcode, string? eventName, long? sequence, string json) =>
        _frames.Add(new RecordedFrame(connection.Id, direction, opcode, eventName, sequence, json, _time.GetUtcNow()));

    public void RecordClose(GatewayConnection connection, FrameDirection direction, int code, string reason) =>
        _frames.Add(new RecordedFrame(connection.Id, direction, -1, null, null, reason, _time.GetUtcNow(), code));
}
