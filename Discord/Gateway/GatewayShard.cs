using AndyAI.Abstractions;
using System.Buffers;
using System.Buffers.Text;
using System.Net.WebSockets;
using System.Text.Json;
using AndyAI.Discord.Json;
using Microsoft.Extensions.Logging;

namespace AndyAI.Discord.Gateway;

/// <summary>
/// One gateway shard: connects, identifies or resumes, heartbeats, detects zombied connections, reconnects with
/// backoff, and hands parsed dispatches to the dispatcher without ever blocking on a subscriber.
/// </summary>
internal sealed class GatewayShard : IAsyncDisposable
{
    /// <summary>Why a connection ended; every value but None and Stopping is counted as a reconnect reason.</summary>
    internal enum EndReason
    {
        None,
        ServerClosed,
        Dropped,
        Zombie,
        ReconnectRequested,
        InvalidSessionResumable,
        InvalidSession,
        Stopping,
    }

    /// <param name="Reason">Why the connection ended.</param>
    /// <param name="CloseCode">The close code received or sent, or <see cref="GatewayCloseCodes.NoCloseFrame"/>.</param>
    /// <param name="HealthyFor">How long the connection stayed up after READY/RESUMED; zero if it never got there.</param>
    /// <param name="Error">What broke the connection, when it was an exception rather than a close.</param>
    private readonly record struct ConnectionOutcome(EndReason Reason, int CloseCode, TimeSpan HealthyFor, Exception? Error = null);

    /// <summary>Far above anything Discord sends (a large GUILD_CREATE is a few MB); a larger message is a broken peer.</summary>
    internal const int MaxPayloadBytes = 16 * 1024 * 1024;

    private readonly GatewayShardContext _context;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ReconnectPolicy _reconnect;
    private readonly Uri _gatewayUrl;
    private readonly GrowableBuffer _receiveBuffer = new(16 * 1024);
    private readonly GrowableBuffer _inflated = new(16 * 1024);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TaskCompletionSource _firstReady = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private IGatewayConnection? _connection;
    private GatewaySendLimiter? _sendLimiter;
    private CancellationTokenSource? _heartbeatCts;
    private volatile bool _awaitingAck;
    private volatile bool _receiveBlocked;
    private volatile bool _stopping;
    private EndReason _endReason;
    private long _lastBeatTimestamp;
    private long _latencyTicks = -1;
    private int _sequence;
    private string? _sessionId;
    private Uri? _resumeUrl;
    private bool _resuming;

    /// <param name="shardId">This shard's id.</param>
    /// <param name="shardCount">The total shard count.</param>
    /// <param name="gatewayUrl">The discovered gateway.</param>
    /// <param name="context">What all shards of the process share.</param>
    /// <param name="session">A session to resume instead of identifying (taken over from another process), or <see langword="null"/>.</param>
    public GatewayShard(int shardId, int shardCount, Uri gatewayUrl, GatewayShardContext context, ShardSession? session = null)
    {
        if (session is not null)
        {
            _sessionId = session.SessionId;
            _resumeUrl = Uri.TryCreate(session.ResumeUrl, UriKind.Absolute, out Uri? resume) ? resume : null;
            _sequence = session.Sequence;
        }

        ShardId = shardId;
        ShardCount = shardCount;
        _gatewayUrl = gatewayUrl;
        _context = context;
        _logger = context.Logger;
        _time = context.Time;
        _reconnect = new ReconnectPolicy(context.Options.MaxReconnectDelay, context.Random);
    }

    public int ShardId { get; }

    public int ShardCount { get; }

    public GatewayShardStatus Status { get; private set; } = GatewayShardStatus.Created;

    public string? SessionId => _sessionId;

    public Uri? ResumeUrl => _resumeUrl;

    public int Sequence => Volatile.Read(ref _sequence);

    public TimeSpan? Latency
    {
        get
        {
            long ticks = Interlocked.Read(ref _latencyTicks);
            return ticks < 0 ? null : TimeSpan.FromTicks(ticks);
        }
    }

    /// <summary>Completes at the first READY (or RESUMED, for a session taken over from another process).</summary>
    public Task FirstReady => _firstReady.Task;

    /// <summary>Runs the shard until <see cref="StopAsync"/> or a fatal close code.</summary>
    /// <exception cref="DiscordGatewayException">Discord closed with a fatal code (4004, 4010–4014).</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        int attempt = 0;
        try
        {
            while (!_stopping && !cancellationToken.IsCancellationRequested)
            {
                _resuming = _sessionId is not null;
                Uri url = BuildUri(_resuming ? _resumeUrl ?? _gatewayUrl : _gatewayUrl);
                Status = GatewayShardStatus.Connecting;
                GatewayLog.Connecting(_logger, ShardId, url.Authority, _resuming ? "resume" : "identify");
                ConnectionOutcome outcome;
                IGatewayConnection? connection = null;
                try
                {
                    connection = await _context.Connections.ConnectAsync(url, cancellationToken);
                    outcome = await RunConnectionAsync(connection, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // Whatever a connect or a receive throws is a dropped connection: the loop below reconnects, so
                    // no exception can leave the shard running but deaf.
                    outcome = new ConnectionOutcome(EndReason.Dropped, GatewayCloseCodes.NoCloseFrame, TimeSpan.Zero, ex);
                }
                finally
                {
                    StopHeartbeat();
                    _connection = null;
                    if (connection is not null) await connection.DisposeAsync();
                }

                if (_stopping || outcome.Reason == EndReason.Stopping) break;

                if (outcome.Reason == EndReason.ServerClosed && GatewayCloseCodes.IsFatal(outcome.CloseCode))
                {
                    string message = GatewayCloseCodes.DescribeFatal(outcome.CloseCode);
                    GatewayLog.Fatal(_logger, ShardId, outcome.CloseCode);
                    Status = GatewayShardStatus.Faulted;
                    var error = new DiscordGatewayException(outcome.CloseCode, message);
                    _firstReady.TrySetException(error);
                    throw error;
                }

                TimeSpan delay;
                if (outcome.Reason == EndReason.InvalidSession
                    || (outcome.Reason == EndReason.ServerClosed && !GatewayCloseCodes.CanResume(outcome.CloseCode)))
                {
                    ForgetSession();
                }

                if (outcome.Reason == EndReason.InvalidSession)
                {
                    delay = _reconnect.GetInvalidSessionDelay();
                    attempt = 0;
                }
                else
                {
                    // Only a connection that stayed up a while earns an instant reconnect: one that resumes and drops
                    // again at once must back off, or a flapping network becomes a reconnect storm.
                    attempt = outcome.HealthyFor >= ReconnectPolicy.HealthyAfter ? 0 : attempt + 1;
                    delay = _reconnect.GetDelay(attempt);
                }

                Status = GatewayShardStatus.Reconnecting;
                _context.State.CountReconnect(outcome.Reason.ToString());
                string mode = _sessionId is null ? "identify" : "resume";
                if (outcome.Error is { } failure)
                {
                    GatewayLog.ConnectionFailed(_logger, ShardId, failure.GetType().Name, failure.Message, DurationText.Format(delay), mode);
                    GatewayLog.ConnectionFailedDetail(_logger, ShardId, failure);
                }
                else
                {
                    // Discord sends op 7 routinely (it moves sessions between its servers): nothing an operator must look at.
                    LogLevel level = outcome.Reason == EndReason.ReconnectRequested ? LogLevel.Information : LogLevel.Warning;
                    GatewayLog.Reconnecting(_logger, level, ShardId, outcome.Reason.ToString(), outcome.CloseCode, DurationText.Format(delay), mode);
                }
                if (delay > TimeSpan.Zero) await Task.Delay(delay, _time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Hard stop requested.
        }
        finally
        {
            if (Status != GatewayShardStatus.Faulted) Status = GatewayShardStatus.Stopped;
            _firstReady.TrySetCanceled(CancellationToken.None);
        }
    }

    /// <summary>
    /// Closes the connection and lets <see cref="RunAsync"/> return: with 1000, which ends the session, or, when
    /// <paramref name="keepSession"/> (another process will resume it), with a code that keeps it resumable.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken, bool keepSession = false)
    {
        _stopping = true;
        IGatewayConnection? connection = _connection;
        if (connection is not null)
        {
            if (keepSession) await connection.CloseAsync(GatewayCloseCodes.ResumeClose, "handing over", cancellationToken);
            else await connection.CloseAsync(1000, "shutting down", cancellationToken);
        }
    }

    /// <summary>The session as another process would resume it, or <see langword="null"/> before READY.</summary>
    public ShardSession? CurrentSession =>
        _sessionId is { } id ? new ShardSession(id, _resumeUrl?.ToString(), Volatile.Read(ref _sequence)) : null;

    public ValueTask DisposeAsync()
    {
        StopHeartbeat();
        _receiveBuffer.Dispose();
        _inflated.Dispose();
        _sendLock.Dispose();
        return ValueTask.CompletedTask;
    }

    private Uri BuildUri(Uri baseUrl)
    {
        string query = _context.Options.Compress ? "v=10&encoding=json&compress=zlib-stream" : "v=10&encoding=json";
        var builder = new UriBuilder(baseUrl) { Query = query };
        if (builder.Path.Length == 0) builder.Path = "/";
        return builder.Uri;
    }

    private void ForgetSession()
    {
        _sessionId = null;
        _resumeUrl = null;
        Volatile.Write(ref _sequence, 0);
    }

    private async Task<ConnectionOutcome> RunConnectionAsync(IGatewayConnection connection, CancellationToken cancellationToken)
    {
        _connection = connection;
        _endReason = EndReason.None;
        _sendLimiter = new GatewaySendLimiter(_time);
        _awaitingAck = false;
        _receiveBlocked = false;
        long readyAt = -1;
        using ZlibStreamInflater? inflater = _context.Options.Compress ? new ZlibStreamInflater() : null;

        while (true)
        {
            _receiveBuffer.Clear();
            GatewayFrame frame;
            do
            {
                try
                {
                    frame = await connection.ReceiveAsync(_receiveBuffer.GetMemory(8 * 1024), cancellationToken);
                }
                catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException
                    || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    return new ConnectionOutcome(Ended(EndReason.Dropped), GatewayCloseCodes.NoCloseFrame, HealthyFor(readyAt));
                }

                if (frame.CloseCode is int code)
                {
                    return new ConnectionOutcome(Ended(_stopping ? EndReason.Stopping : EndReason.ServerClosed), code, HealthyFor(readyAt));
                }

                _receiveBuffer.Advance(frame.Count);
                if (_receiveBuffer.Length > MaxPayloadBytes)
                {
                    return await BreakConnectionAsync(connection, new InvalidDataException($"a gateway message is larger than {MaxPayloadBytes / (1024 * 1024)} MB"), readyAt, cancellationToken);
                }
            }
            while (!frame.EndOfMessage);

            Step step;
            try
            {
                ReadOnlyMemory<byte> payload = _receiveBuffer.WrittenMemory;
                if (frame.IsBinary)
                {
                    if (inflater is null) continue; // binary frames are only meaningful with zlib-stream
                    if (!inflater.TryInflate(payload.Span, _inflated, MaxPayloadBytes)) continue;
                    payload = _inflated.WrittenMemory;
                }

                step = Process(payload.Span);
            }
            catch (Exception ex)
            {
                // A payload we cannot read (corrupt zlib, invalid UTF-8 or JSON, a READY without its user): the
                // stream is no longer trustworthy. Its sequence is already counted, so the resume continues after it
                // instead of replaying it forever.
                return await BreakConnectionAsync(connection, ex, readyAt, cancellationToken);
            }

            switch (step.Kind)
            {
                case StepKind.None:
                    break;
                case StepKind.Enqueue:
                    if (step.Event!.Kind is GatewayEventKind.Ready or GatewayEventKind.Resumed && readyAt < 0) readyAt = _time.GetTimestamp();
                    if (!_context.Events.TryWrite(step.Event))
                    {
                        // Backpressure: the dispatcher is behind. Heartbeats go on from their own loop; the zombie
                        // check is suspended because ACKs cannot be read while we wait here.
                        _receiveBlocked = true;
                        try
                        {
                            await _context.Events.WriteAsync(step.Event, cancellationToken);
                        }
                        finally
                        {
                            _receiveBlocked = false;
                        }
                    }

                    // A new session is stored at once (another process could resume nothing else); messages and
                    // interactions move it forward once delivered (GatewayClient.OnDelivered), ignored ones never.
                    if (step.Event.Kind is GatewayEventKind.Ready or GatewayEventKind.Resumed && _context.Coordinator is { } coordinator && _sessionId is { } sessionId)
                    {
                        coordinator.OnSessionAdvanced(ShardId, new ShardSession(sessionId, _resumeUrl?.ToString(), Volatile.Read(ref _sequence)));
                    }

                    break;
                case StepKind.Hello:
                    await OnHelloAsync(connection, step.HeartbeatInterval, cancellationToken);
                    break;
                case StepKind.HeartbeatNow:
                    await SendHeartbeatAsync(connection, cancellationToken);
                    break;
                case StepKind.Reconnect:
                    GatewayLog.ReconnectRequested(_logger, ShardId);
                    return await EndConnectionAsync(connection, EndReason.ReconnectRequested, readyAt, cancellationToken);
                case StepKind.InvalidSession:
                    GatewayLog.InvalidSession(_logger, ShardId, step.Resumable);
                    return await EndConnectionAsync(
                        connection, step.Resumable ? EndReason.InvalidSessionResumable : EndReason.InvalidSession, readyAt, cancellationToken);
            }
        }
    }

    private EndReason Ended(EndReason fallback) => _endReason != EndReason.None ? _endReason : fallback;

    private TimeSpan HealthyFor(long readyAt) => readyAt < 0 ? TimeSpan.Zero : _time.GetElapsedTime(readyAt);

    private async Task<ConnectionOutcome> EndConnectionAsync(IGatewayConnection connection, EndReason reason, long readyAt, CancellationToken cancellationToken)
    {
        _endReason = reason;
        StopHeartbeat();
        // Anything but 1000/1001 keeps the session resumable on Discord's side.
        await connection.CloseAsync(GatewayCloseCodes.ResumeClose, reason.ToString(), cancellationToken);
        connection.Abort();
        return new ConnectionOutcome(reason, GatewayCloseCodes.ResumeClose, HealthyFor(readyAt));
    }

    /// <summary>Ends a connection whose stream we can no longer read, keeping the session for a resume.</summary>
    private async Task<ConnectionOutcome> BreakConnectionAsync(IGatewayConnection connection, Exception error, long readyAt, CancellationToken cancellationToken)
    {
        _endReason = EndReason.Dropped;
        StopHeartbeat();
        try
        {
            await connection.CloseAsync(GatewayCloseCodes.ResumeClose, "unreadable payload", cancellationToken);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Already gone: the abort below is all that is left to do.
        }

        connection.Abort();
        return new ConnectionOutcome(EndReason.Dropped, GatewayCloseCodes.ResumeClose, HealthyFor(readyAt), error);
    }

    private enum StepKind
    {
        None,
        Enqueue,
        Hello,
        HeartbeatNow,
        Reconnect,
        InvalidSession,
    }

    private readonly record struct Step(StepKind Kind, GatewayEvent? Event = null, TimeSpan HeartbeatInterval = default, bool Resumable = false);

    /// <summary>Reads one payload synchronously; what needs awaiting is returned as a step.</summary>
    private Step Process(ReadOnlySpan<byte> payload)
    {
        GatewayEnvelope envelope = GatewayEnvelope.Read(payload);
        switch ((GatewayOpcode)envelope.Op)
        {
            case GatewayOpcode.Dispatch:
                return OnDispatch(envelope, payload);
            case GatewayOpcode.Heartbeat:
                return new Step(StepKind.HeartbeatNow);
            case GatewayOpcode.Reconnect:
                return new Step(StepKind.Reconnect);
            case GatewayOpcode.InvalidSession:
                return new Step(StepKind.InvalidSession, Resumable: envelope.Data(payload).SequenceEqual("true"u8));
            case GatewayOpcode.Hello:
                JsonHello hello = JsonSerializer.Deserialize(envelope.Data(payload), DiscordJsonContext.Default.JsonHello)
                    ?? throw new JsonException("HELLO without d.");
                return new Step(StepKind.Hello, HeartbeatInterval: TimeSpan.FromMilliseconds(Math.Max(1, hello.HeartbeatInterval)));
            case GatewayOpcode.HeartbeatAck:
                _awaitingAck = false;
                Interlocked.Exchange(ref _latencyTicks, _time.GetElapsedTime(Interlocked.Read(ref _lastBeatTimestamp)).Ticks);
                return default;
            default:
                return default;
        }
    }

    private Step OnDispatch(GatewayEnvelope envelope, ReadOnlySpan<byte> payload)
    {
        GatewayState state = _context.State;
        Interlocked.Increment(ref state.Dispatches);
        if (envelope.EventName != GatewayEventName.MessageCreate)
        {
            state.CountEvent(envelope.EventName);
        }

        if (envelope.Sequence is int seq)
        {
            // A resume replays what we missed; anything at or below what we already handled would be a double.
            if (seq <= _sequence && _sessionId is not null && envelope.EventName != GatewayEventName.Ready)
            {
                Interlocked.Increment(ref state.DuplicatesDropped);
                return default;
            }

            Volatile.Write(ref _sequence, seq);
        }

        ReadOnlySpan<byte> data = envelope.Data(payload);
        switch (envelope.EventName)
        {
            case GatewayEventName.MessageCreate:
                Interlocked.Increment(ref state.MessagesSeen);
                if (!_context.Filter.IsCandidate(data)) return default;
                Interlocked.Increment(ref state.MessagesParsed);
                JsonMessage? message = JsonSerializer.Deserialize(data, DiscordJsonContext.Default.JsonMessage);
                if (Json.Lenient.LenientJson.TakeSkipped() is { } skipped) GatewayLog.LenientField(_logger, ShardId, "MESSAGE_CREATE", skipped);
                return message is null ? default : new Step(StepKind.Enqueue, new GatewayEvent(GatewayEventKind.MessageCreate, ShardId, message, ReceivedAt: _time.GetTimestamp(), Sequence: _sequence));

            case GatewayEventName.InteractionCreate:
                return OnInteractionCreate(data);

            case GatewayEventName.Ready:
                JsonReady ready = JsonSerializer.Deserialize(data, DiscordJsonContext.Default.JsonReady)
                    ?? throw new InvalidDataException("READY without d");
                // Without these the session cannot work (no bot id to see mentions, no guild list): a new session may
                // be whole, so this is a broken connection, not a fact to live with.
                if (ready.User is not { Id: not 0 }) throw new InvalidDataException("READY without user");
                if (ready.Guilds is null) throw new InvalidDataException("READY without guilds");
                if (string.IsNullOrEmpty(ready.SessionId)) throw new InvalidDataException("READY without session_id");
                _sessionId = ready.SessionId;
                _resumeUrl = Uri.TryCreate(ready.ResumeGatewayUrl, UriKind.Absolute, out Uri? resume) ? resume : null;
                state.SetIdentity(ready.User.Id, ready.User.Username ?? "", ready.Application?.Id ?? 0);
                _context.Filter.SetBotUserId(ready.User.Id);
                foreach (JsonUnavailableGuild guild in ready.Guilds) state.AddGuild(guild.Id);
                _context.Coordinator?.OnGuildsReset(ShardId, [.. ready.Guilds.Select(g => g.Id)]);
                Status = GatewayShardStatus.Ready;
                GatewayLog.Ready(_logger, ShardId, ready.User.Username ?? "", ready.User.Id);
                _firstReady.TrySetResult();
                return new Step(StepKind.Enqueue, new GatewayEvent(GatewayEventKind.Ready, ShardId));

            case GatewayEventName.Resumed:
                Status = GatewayShardStatus.Ready;
                Interlocked.Increment(ref state.Resumes);
                GatewayLog.Resumed(_logger, ShardId, _sequence);
                // A session taken over from another process starts with RESUMED: it is as ready as after READY.
                _firstReady.TrySetResult();
                return new Step(StepKind.Enqueue, new GatewayEvent(GatewayEventKind.Resumed, ShardId));

            case GatewayEventName.GuildCreate:
                JsonGuild? created = JsonSerializer.Deserialize(data, DiscordJsonContext.Default.JsonGuild);
                if (created is null || created.Unavailable == true) return default;
                OnGuildAvailable(created);
                return new Step(StepKind.Enqueue, new GatewayEvent(GatewayEventKind.GuildAvailable, ShardId, GuildId: created.Id));

            case GatewayEventName.GuildDelete:
                JsonGuild? deleted = JsonSerializer.Deserialize(data, DiscordJsonContext.Default.JsonGuild);
                if (deleted is not null && deleted.Unavailable != true)
                {
                    state.RemoveGuild(deleted.Id);
                    GuildChanged(deleted.Id);
                }

                return default;

            case GatewayEventName.GuildRoleCreate:
            case GatewayEventName.GuildRoleUpdate:
                JsonGuildRoleEvent? roleEvent = JsonSerializer.Deserialize(data, DiscordJsonContext.Default.JsonGuildRoleEvent);
                if (roleEvent?.Role is { } changed)
                {
                    state.SetRolePermissions(roleEvent.GuildId, changed.Id, ParsePermissions(changed.Permissions));
                }

                if (roleEvent?.Role is { } role && role.Tags?.BotId is ulong botId && botId == state.BotUserId)
                {
                    state.SetManagedRole(roleEvent.GuildId, role.Id);
                    _context.Filter.AddManagedRole(role.Id);
                    _context.Coordinator?.OnManagedRole(ShardId, roleEvent.GuildId, role.Id);
                }

                if (roleEvent is not null) GuildChanged(roleEvent.GuildId);
                return default;

            case GatewayEventName.GuildRoleDelete:
                JsonGuildRoleEvent? roleGone = JsonSerializer.Deserialize(data, DiscordJsonContext.Default.JsonGuildRoleEvent);
                if (roleGone?.RoleId is ulong goneRole)
                {
                    state.RemoveRole(roleGone.GuildId, goneRole);
                    GuildChanged(roleGone.GuildId);
                }

                return default;

            // The guild's channels (for settings that name them); threads come as THREAD_* events.
            case GatewayEventName.ChannelCreate:
            case GatewayEventName.ChannelUpdate:
                JsonChannel? channel = JsonSerializer.Deserialize(data, DiscordJsonContext.Default.JsonChannel);
                if (channel is { IsThread: false, GuildId: ulong channelGuild })
                {
                    state.SetChannelGuild(channel.Id, channelGuild);
                    GuildChanged(channelGuild);
                }

                return default;

            case GatewayEventName.ChannelDelete:
                JsonChannel? channelGone = JsonSerializer.Deserialize(data, DiscordJsonContext.Default.JsonChannel);
                if (channelGone is not null)
                {
                    state.RemoveChannel(channelGone.Id);
                    if (channelGone.GuildId is ulong formerGuild) GuildChanged(formerGuild);
                }

                return default;

            case GatewayEventName.ThreadCreate:
            case GatewayEventName.ThreadUpdate:
                JsonChannel? thread = JsonSerializer.Deserialize(data, DiscordJsonContext.Default.JsonChannel);
                if (thread is { IsThread: true, GuildId: ulong threadGuild })
                {
                    state.AddThread(thread.Id, threadGuild, thread.ParentId);
                    GuildChanged(threadGuild);
                }

                return default;

            case GatewayEventName.ThreadDelete:
                JsonChannel? gone = JsonSerializer.Deserialize(data, DiscordJsonContext.Default.JsonChannel);
                if (gone is not null)
                {
                    state.RemoveThread(gone.Id);
                    if (gone.GuildId is ulong threadFormerGuild) GuildChanged(threadFormerGuild);
                }

                return default;

            case GatewayEventName.ThreadListSync:
                JsonThreadListSync? sync = JsonSerializer.Deserialize(data, DiscordJsonContext.Default.JsonThreadListSync);
                foreach (JsonChannel synced in sync?.Threads ?? [])
                {
                    if (synced.IsThread) state.AddThread(synced.Id, synced.GuildId ?? sync!.GuildId, synced.ParentId);
                }

                if (sync is not null) GuildChanged(sync.GuildId);
                return default;

            default:
                return default;
        }
    }

    private Step OnInteractionCreate(ReadOnlySpan<byte> data)
    {
        Interlocked.Increment(ref _context.State.InteractionsSeen);
        JsonInteraction? interaction;
        try
        {
            interaction = JsonSerializer.Deserialize(data, DiscordJsonContext.Default.JsonInteraction);
        }
        catch (JsonException ex)
        {
            // One interaction we cannot read (its id or token unreadable) says nothing about the stream: skip it
            // (Discord shows the user "did not respond") rather than drop the connection.
            Json.Lenient.LenientJson.TakeSkipped();
            GatewayLog.UnreadableInteraction(_logger, ShardId, ex.Message);
            return default;
        }

        if (Json.Lenient.LenientJson.TakeSkipped() is { } skipped) GatewayLog.LenientField(_logger, ShardId, "INTERACTION_CREATE", skipped);
        if (interaction is not { Id: not 0 } || string.IsNullOrEmpty(interaction.Token))
        {
            GatewayLog.UnreadableInteraction(_logger, ShardId, "no id or token");
            return default;
        }

        return new Step(StepKind.Enqueue, new GatewayEvent(GatewayEventKind.InteractionCreate, ShardId, Interaction: interaction, Sequence: _sequence));
    }

    // Permissions are a decimal string (they outgrew 53 bits); an unreadable value grants nothing.
    private static ulong ParsePermissions(string? value) =>
        ulong.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong bits) ? bits : 0;

    private void OnGuildAvailable(JsonGuild guild)
    {
        GatewayState state = _context.State;
        state.AddGuild(guild.Id);
        ulong botId = state.BotUserId;
        foreach (JsonRole role in guild.Roles ?? [])
        {
            if (role.Tags?.BotId is ulong owner && owner == botId && botId != 0)
            {
                state.SetManagedRole(guild.Id, role.Id);
                _context.Filter.AddManagedRole(role.Id);
                _context.Coordinator?.OnManagedRole(ShardId, guild.Id, role.Id);
            }
        }

        state.SetGuildPermissions(guild.Id, guild.OwnerId, (guild.Roles ?? []).Select(r => (r.Id, ParsePermissions(r.Permissions))));
        foreach (JsonChannel channel in guild.Channels ?? []) state.SetChannelGuild(channel.Id, guild.Id);
        foreach (JsonChannel thread in guild.Threads ?? []) state.AddThread(thread.Id, guild.Id, thread.ParentId);
        GuildChanged(guild.Id);
    }

    // What the process keeps of the guild changed: the coordinator stores it with the session (it marks it only here).
    private void GuildChanged(ulong guildId)
    {
        if (guildId != 0) _context.Coordinator?.OnGuildChanged(ShardId, guildId);
    }

    private async Task OnHelloAsync(IGatewayConnection connection, TimeSpan interval, CancellationToken cancellationToken)
    {
        GatewayLog.Hello(_logger, ShardId, DurationText.Format(interval));
        StartHeartbeat(connection, interval);
        if (_resuming && _sessionId is not null)
        {
            Status = GatewayShardStatus.Resuming;
            var resume = new JsonResumePayload { D = new JsonResume { Token = _context.Options.Token, SessionId = _sessionId, Seq = _sequence } };
            await SendAsync(connection, JsonSerializer.SerializeToUtf8Bytes(resume, DiscordJsonContext.Default.JsonResumePayload), false, cancellationToken);
            return;
        }

        Status = GatewayShardStatus.Identifying;
        _receiveBlocked = true;
        try
        {
            await _context.IdentifyGate.WaitAsync(ShardId, cancellationToken);
        }
        finally
        {
            _receiveBlocked = false;
        }

        ForgetSession();
        Interlocked.Increment(ref _context.State.Identifies);
        var identify = new JsonIdentifyPayload
        {
            D = new JsonIdentify
            {
                Token = _context.Options.Token,
                Intents = _context.Options.Intents,
                Shard = [ShardId, ShardCount],
            },
        };
        await SendAsync(connection, JsonSerializer.SerializeToUtf8Bytes(identify, DiscordJsonContext.Default.JsonIdentifyPayload), false, cancellationToken);
    }

    private void StartHeartbeat(IGatewayConnection connection, TimeSpan interval)
    {
        // Every HELLO starts heartbeating afresh.
        StopHeartbeat();
        _awaitingAck = false;
        var cts = new CancellationTokenSource();
        _heartbeatCts = cts;
        _ = RunHeartbeatAsync(connection, interval, cts.Token);
    }

    private void StopHeartbeat()
    {
        CancellationTokenSource? cts = Interlocked.Exchange(ref _heartbeatCts, null);
        if (cts is null) return;
        cts.Cancel();
        cts.Dispose();
    }

    private async Task RunHeartbeatAsync(IGatewayConnection connection, TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            // Discord: the first beat after interval × jitter, so a fleet reconnecting at once does not beat in step.
            await Task.Delay(interval * _context.Random.NextDouble(), _time, cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                if (_awaitingAck && !_receiveBlocked)
                {
                    GatewayLog.Zombie(_logger, ShardId);
                    _endReason = EndReason.Zombie;
                    await connection.CloseAsync(GatewayCloseCodes.ResumeClose, "zombied connection", CancellationToken.None);
                    connection.Abort();
                    return;
                }

                await SendHeartbeatAsync(connection, cancellationToken);
                await Task.Delay(interval, _time, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Connection replaced or stopping.
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The receive loop notices the dead socket and reconnects.
        }
    }

    private async Task SendHeartbeatAsync(IGatewayConnection connection, CancellationToken cancellationToken)
    {
        byte[] bytes = new byte[32];
        int length = WriteHeartbeat(bytes, _sessionId is null && _sequence == 0 ? null : _sequence);
        _awaitingAck = true;
        Interlocked.Exchange(ref _lastBeatTimestamp, _time.GetTimestamp());
        await SendAsync(connection, bytes.AsMemory(0, length), isHeartbeat: true, cancellationToken);
    }

    internal static int WriteHeartbeat(Span<byte> buffer, int? sequence)
    {
        ReadOnlySpan<byte> head = "{\"op\":1,\"d\":"u8;
        head.CopyTo(buffer);
        int length = head.Length;
        if (sequence is int s)
        {
            Utf8Formatter.TryFormat(s, buffer[length..], out int written);
            length += written;
        }
        else
        {
            "null"u8.CopyTo(buffer[length..]);
            length += 4;
        }

        buffer[length++] = (byte)'}';
        return length;
    }

    private async ValueTask SendAsync(IGatewayConnection connection, ReadOnlyMemory<byte> payload, bool isHeartbeat, CancellationToken cancellationToken)
    {
        GatewaySendLimiter limiter = _sendLimiter ?? throw new InvalidOperationException("Not connected.");
        await limiter.WaitAsync(isHeartbeat, cancellationToken);
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await connection.SendAsync(payload, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
