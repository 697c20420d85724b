using System.Diagnostics;
using System.Globalization;
using AndyAI.Abstractions.Discord;
using AndyAI.Discord.Gateway;
using AndyAI.Discord.Interactions;
using AndyAI.Discord.Json;
using AndyAI.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AndyAI.Discord.Hosting;

/// <summary>
/// The Discord bot the host and cogs use: our gateway and REST client behind <see cref="IDiscordBot"/>, plus
/// interactions and application commands (DiscordBot.Interactions.cs). Every message it sends or edits sets
/// <c>allowed_mentions</c> with an empty <c>parse</c>.
/// </summary>
public sealed partial class DiscordBot : IDiscordBot, IAsyncDisposable, IDisposable
{
    private readonly DiscordClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DiscordRestClient _rest;
    private readonly GatewayClient _gateway;
    private readonly IOutgoingContentFilter? _contentFilter;
    private readonly Lock _subscriptionsGate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _fatal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private MessageSubscriber[] _subscriptions = [];
    private Subscription<DiscordInteraction>[] _interactionSubscriptions = [];
    private Task _dispatcher = Task.CompletedTask;
    private long _delivered;
    private long _interactionsDelivered;
    private long _subscriptionCount;
    private long _handlerFailures;
    private volatile string? _fatalError;
    private volatile bool _started;
    private volatile bool _stopped;
    private int _disposed;

    internal DiscordBot(
        DiscordClientOptions options,
        HttpMessageHandler httpHandler,
        IGatewayConnectionFactory connections,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        IOutgoingContentFilter? contentFilter = null,
        IShardCoordinator? shardCoordinator = null,
        IIdentifyCoordinator? identifyCoordinator = null,
        Rest.RateLimits.IRestCoordinator? restCoordinator = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Token);
        _options = options;
        _time = time;
        _logger = loggerFactory.CreateLogger<DiscordBot>();
        _rest = new DiscordRestClient(httpHandler, options, time, loggerFactory.CreateLogger<DiscordRestClient>(), coordinator: restCoordinator);
        _gateway = new GatewayClient(options, _rest, connections, time, loggerFactory.CreateLogger<GatewayClient>(), coordinator: shardCoordinator, identifyCoordinator: identifyCoordinator);
        _contentFilter = contentFilter;
    }

    /// <summary>Creates a bot over real sockets and HTTP (for tools and the sandbox; the host uses <c>AddDiscordBot</c>).</summary>
    /// <param name="options">Token, base URL, intents, shards… (validated by the caller).</param>
    /// <param name="loggerFactory">Where logs go; none by default.</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> by default.</param>
    public static DiscordBot Create(DiscordClientOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        time ??= TimeProvider.System;
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = System.Net.DecompressionMethods.All };
        return new DiscordBot(options, handler, new WebSocketGatewayConnectionFactory(time), time, loggerFactory ?? NullLoggerFactory.Instance);
    }

    internal GatewayClient Gateway => _gateway;

    internal DiscordRestClient Rest => _rest;

    /// <inheritdoc />
    public DiscordUser? CurrentUser =>
        _gateway.State.BotUserId is var id and not 0 ? new DiscordUser(id, _gateway.State.BotUsername ?? "", true) : null;

    /// <summary>The application (client) id from READY, or 0 before it.</summary>
    public ulong ApplicationId => _gateway.State.ApplicationId;

    /// <inheritdoc />
    public TimeSpan? GatewayLatency => _gateway.Shards.Count > 0 ? _gateway.Shards[0].Latency : null;

    /// <summary>Whether every shard of this process received READY.</summary>
    public bool IsReady => _ready.Task.IsCompletedSuccessfully && State == DiscordConnectionState.Ready;

    /// <summary>Where the connection stands.</summary>
    public DiscordConnectionState State
    {
        get
        {
            if (_fatalError is not null) return DiscordConnectionState.Faulted;
            if (!_started || _stopped) return DiscordConnectionState.Stopped;
            IReadOnlyList<GatewayShard> shards = _gateway.Shards;
            if (shards.Count == 0) return DiscordConnectionState.Connecting;
            if (shards.All(s => s.Status == GatewayShardStatus.Ready)) return DiscordConnectionState.Ready;
            return shards.Any(s => s.Status == GatewayShardStatus.Reconnecting) ? DiscordConnectionState.Reconnecting : DiscordConnectionState.Connecting;
        }
    }

    /// <summary>Why the client stopped for good (for example the 4014 or 4004 explanation), or <see langword="null"/>.</summary>
    public string? FatalError => _fatalError;

    /// <summary>
    /// A guild member's guild-level permission bits as the gateway last described the guild (its @everyone role, the
    /// member's <paramref name="roleIds"/>, everything for the owner), or <see langword="null"/> when the guild was not
    /// seen. Channel overwrites are not applied: this answers guild-wide questions such as Manage Guild.
    /// </summary>
    public ulong? GetMemberPermissions(ulong guildId, ulong userId, IReadOnlyList<ulong> roleIds) =>
        _gateway.State.MemberPermissions(guildId, userId, roleIds);

    /// <summary>
    /// Whether <paramref name="channelId"/> is a channel (or thread) of <paramref name="guildId"/> as the gateway last
    /// described the guild, or <see langword="null"/> when this process has not seen the guild (no GUILD_CREATE yet,
    /// or its shard runs in another process).
    /// </summary>
    public bool? IsGuildChannel(ulong guildId, ulong channelId) => _gateway.State.HasChannel(guildId, channelId);

    /// <summary>
    /// Whether <paramref name="roleId"/> is a role of <paramref name="guildId"/> (its @everyone role has the guild's id) as
    /// the gateway last described the guild, or <see langword="null"/> when this process has not seen the guild.
    /// </summary>
    public bool? IsGuildRole(ulong guildId, ulong roleId) => _gateway.State.HasRole(guildId, roleId);

    /// <summary>A snapshot of the connection state and counters.</summary>
    public DiscordBotStatus GetStatus()
    {
        GatewayState s = _gateway.State;
        IReadOnlyList<GatewayShard> shards = _gateway.Shards;
        return new DiscordBotStatus(
            State,
            [.. shards.Select(x => x.ShardId)],
            shards.Count > 0 ? shards[0].ShardCount : 0,
            s.GuildCount,
            Interlocked.Read(ref s.MessagesSeen),
            Interlocked.Read(ref s.MessagesParsed),
            Interlocked.Read(ref _delivered),
            Interlocked.Read(ref s.Dispatches),
            Interlocked.Read(ref _handlerFailures),
            Interlocked.Read(ref s.Reconnects),
            Interlocked.Read(ref s.Resumes),
            Interlocked.Read(ref s.Identifies),
            _rest.RateLimiter.InvalidTotal,
            _fatalError)
        {
            InteractionsReceived = Interlocked.Read(ref s.InteractionsSeen),
            InteractionsDelivered = Interlocked.Read(ref _interactionsDelivered),
            Threads = s.ThreadCount,
        };
    }

    /// <summary>Each shard of this process: its state (Connecting, Identifying, Resuming, Ready, Reconnecting…) and heartbeat latency.</summary>
    public IReadOnlyList<DiscordShardStatus> GetShards() =>
        [.. _gateway.Shards.Select(s => new DiscordShardStatus(s.ShardId, s.Status.ToString(), s.Latency))];

    /// <summary>
    /// Starts connecting in the background and returns at once: discovery and connection retry until Discord
    /// answers, however long that takes (<see cref="State"/> stays <see cref="DiscordConnectionState.Connecting"/>
    /// meanwhile). A final answer (401, a fatal close code) ends the client: see <see cref="WaitUntilReadyAsync"/>
    /// and <see cref="FatalError"/>.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_started) throw new InvalidOperationException("The bot was already started.");
        _started = true;
        await _gateway.StartAsync(cancellationToken);
        _dispatcher = Task.Run(() => DispatchAsync(_stopping.Token), CancellationToken.None);
        // Report a fatal close even if the dispatcher's queue is full and the Stopped event cannot be queued.
        _ = _gateway.Completion.ContinueWith(
            t => OnFatal(t.Exception?.InnerException),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private void OnFatal(Exception? error)
    {
        if (error is null) return;
        // Two paths report the same error (the Stopped event and the Completion continuation): log it once.
        if (Interlocked.CompareExchange(ref _fatalError, error.Message, null) is not null) return;

        HostingLog.Fatal(_logger, error.Message);
        _ready.TrySetException(error is DiscordRestException rest ? ToApiException(rest) : error);
        _fatal.TrySetResult(error.Message);
    }

    /// <summary>Completes with the explanation when the client stopped for good (the hosted service stops the host then).</summary>
    internal Task<string> Stopped => _fatal.Task;

    /// <summary>Runs before each event is dispatched, inside the per-event fault barrier (tests fail one event with it).</summary>
    internal Action<GatewayEvent>? BeforeDispatch { get; set; }

    /// <summary>Waits until every shard of this process is ready.</summary>
    /// <exception cref="DiscordGatewayException">The client stopped with a fatal close code first.</exception>
    /// <exception cref="DiscordApiException">Discord refused the token (401) before the gateway was found.</exception>
    public Task WaitUntilReadyAsync(CancellationToken cancellationToken = default) => _ready.Task.WaitAsync(cancellationToken);

    /// <summary>Closes the gateway with 1000 (ending the session) and stops dispatching.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!_started || _stopped) return;
        _stopped = true;
        await _gateway.StopAsync(cancellationToken);
        await _stopping.CancelAsync();
        await _dispatcher;
    }

    /// <summary>The owners of the bot's application: the owner's id, or the team owner and the accepted team members whose role administers the app (admin, developer; not read_only).</summary>
    public async Task<IReadOnlyList<ulong>> GetApplicationOwnersAsync(CancellationToken cancellationToken = default)
    {
        JsonApplication app = await CallAsync(ct => _rest.GetCurrentApplicationAsync(ct), cancellationToken);
        if (app.Team is { } team)
        {
            var ids = new List<ulong>();
            if (team.OwnerUserId is ulong owner) ids.Add(owner);
            foreach (JsonTeamMember member in team.Members ?? [])
            {
                if (AdministersApplication(member) && member.User is { } user && !ids.Contains(user.Id)) ids.Add(user.Id);
            }

            return ids;
        }

        return app.Owner is { } o ? [o.Id] : [];
    }

    // Only accepted members (membership_state 2; invited ones have not joined) whose team role may change the app:
    // admin and developer. A read_only member can see the app but must not reload its code; a member without a role
    // (an older payload, or a role Discord adds later) gets no rights rather than too many.
    private static bool AdministersApplication(JsonTeamMember member) =>
        member.MembershipState == 2 && member.Role is "admin" or "developer";

    /// <inheritdoc />
    public IDisposable SubscribeMessages(MessageInterest interest, Func<DiscordMessage, CancellationToken, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (interest == MessageInterest.None) throw new ArgumentOutOfRangeException(nameof(interest), "Subscribe to at least one kind of message.");
        string name = $"#{Interlocked.Increment(ref _subscriptionCount)} {DescribeHandler(handler)}";
        var subscription = new Subscription<DiscordMessage>(
            name, interest.ToString(), handler, static m => m.Id, _time, _logger, () => Interlocked.Increment(ref _handlerFailures), Unsubscribe);
        lock (_subscriptionsGate)
        {
            _subscriptions = [.. _subscriptions, new MessageSubscriber(interest, subscription)];
            UpdateInterests();
        }

        return subscription;
    }

    /// <inheritdoc />
    public async Task<DiscordMessage> SendMessageAsync(ulong channelId, OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        string content = Filter(message.Content);
        ValidateContent(content);
        if (message.MentionUsers.Count > OutgoingMessage.MaxMentionUsers)
        {
            throw new ArgumentOutOfRangeException(nameof(message), message.MentionUsers.Count, $"A message may ping at most {OutgoingMessage.MaxMentionUsers} users.");
        }

        var body = new JsonCreateMessage
        {
            Content = content,
            Nonce = NewNonce(),
            EnforceNonce = true,
            MessageReference = message.ReplyToMessageId is ulong reply ? new JsonMessageReference { MessageId = reply, FailIfNotExists = false } : null,
            AllowedMentions = new JsonAllowedMentions
            {
                Parse = [],
                Users = message.MentionUsers.Count == 0 ? null : [.. message.MentionUsers.Distinct().Select(id => id.ToString(CultureInfo.InvariantCulture))],
                RepliedUser = message.MentionRepliedUser,
            },
        };
        JsonMessage? sent = await CallAsync(ct => _rest.CreateMessageAsync(channelId, body, ct), cancellationToken);
        return sent is null ? Posted(0, channelId, content) : Convert(sent, 0);
    }

    /// <inheritdoc />
    public async Task<DiscordMessage> EditMessageAsync(ulong channelId, ulong messageId, string content, CancellationToken cancellationToken = default)
    {
        content = Filter(content);
        ValidateContent(content);
        var body = new JsonEditMessage { Content = content, AllowedMentions = new JsonAllowedMentions { Parse = [], RepliedUser = false } };
        JsonMessage? edited = await CallAsync(ct => _rest.EditMessageAsync(channelId, messageId, body, ct), cancellationToken);
        return edited is null ? Posted(messageId, channelId, content) : Convert(edited, 0);
    }

    /// <inheritdoc />
    public Task DeleteMessageAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken = default) =>
        CallAsync(async ct =>
        {
            await _rest.DeleteMessageAsync(channelId, messageId, ct);
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public Task TriggerTypingAsync(ulong channelId, CancellationToken cancellationToken = default) =>
        CallAsync(async ct =>
        {
            await _rest.TriggerTypingAsync(channelId, ct);
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public IAsyncDisposable BeginTyping(ulong channelId) =>
        new TypingScope(ct => TriggerTypingAsync(channelId, ct), channelId, _time, _logger);

    /// <inheritdoc />
    public async Task<DiscordMessage?> GetMessageAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken = default)
    {
        JsonMessage? message = await CallAsync(ct => _rest.GetMessageAsync(channelId, messageId, ct), cancellationToken);
        return message is null ? null : Convert(message, 0);
    }

    /// <inheritdoc />
    public async Task<TimeSpan> MeasureRestLatencyAsync(CancellationToken cancellationToken = default)
    {
        long start = _time.GetTimestamp();
        await CallAsync(ct => _rest.GetCurrentUserAsync(ct), cancellationToken);
        return _time.GetElapsedTime(start);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            await StopAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is OperationCanceledException or DiscordGatewayException)
        {
        }

        DisposeSubscriptions();
        await _gateway.DisposeAsync();
        _rest.Dispose();
        // _stopping is not disposed: a StopAsync the host gave up on may still be about to cancel it, and cancelling a
        // disposed source throws. It owns no timer or wait handle, so there is nothing to release.
    }

    /// <summary>
    /// Tears the connection down without the 1000 close handshake (prefer <see cref="DisposeAsync"/>, which
    /// closes cleanly); for containers disposed synchronously.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stopped = true;
        _stopping.Cancel();
        DisposeSubscriptions();
        _gateway.Abort();
        _rest.Dispose();
    }

    private void DisposeSubscriptions()
    {
        MessageSubscriber[] subscriptions;
        Subscription<DiscordInteraction>[] interactionSubscriptions;
        lock (_subscriptionsGate)
        {
            subscriptions = _subscriptions;
            interactionSubscriptions = _interactionSubscriptions;
        }

        foreach (MessageSubscriber subscriber in subscriptions) subscriber.Subscription.Dispose();
        foreach (Subscription<DiscordInteraction> subscription in interactionSubscriptions) subscription.Dispose();
    }

    private void Unsubscribe(Subscription<DiscordMessage> subscription)
    {
        lock (_subscriptionsGate)
        {
            _subscriptions = [.. _subscriptions.Where(s => s.Subscription != subscription)];
            UpdateInterests();
        }
    }

    private void UpdateInterests()
    {
        MessageInterest union = MessageInterest.None;
        foreach (MessageSubscriber s in _subscriptions) union |= s.Interest;
        _gateway.Filter.SetInterests(union);
    }

    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (GatewayEvent e in _gateway.Events.ReadAllAsync(cancellationToken))
            {
                try
                {
                    BeforeDispatch?.Invoke(e);
                    Dispatch(e);
                }
                catch (Exception ex)
                {
                    // One event that cannot be converted or delivered must not end dispatching: the bot would be
                    // connected but deaf.
                    Interlocked.Increment(ref _handlerFailures);
                    HostingLog.DispatchFailed(_logger, e.Kind.ToString(), e.Message?.Id ?? 0, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private void Dispatch(GatewayEvent e)
    {
        switch (e.Kind)
        {
            case GatewayEventKind.MessageCreate:
                if (Deliver(e.Message!, e.ShardId, e.ReceivedAt)) _gateway.OnDelivered(e);
                break;
            case GatewayEventKind.InteractionCreate:
                if (DeliverInteraction(e.Interaction!, e.ShardId)) _gateway.OnDelivered(e);
                break;
            case GatewayEventKind.Ready:
            case GatewayEventKind.Resumed:
                if (_gateway.Shards.All(s => s.FirstReady.IsCompletedSuccessfully) && _ready.TrySetResult())
                {
                    HostingLog.Ready(_logger, _gateway.State.BotUsername ?? "", _gateway.State.BotUserId, _gateway.State.GuildCount);
                }

                break;
            case GatewayEventKind.Stopped:
                OnFatal(e.Error);
                break;
        }
    }

    /// <returns>Whether a subscriber got the message.</returns>
    private bool Deliver(JsonMessage message, int shardId, long receivedAt)
    {
        MessageSubscriber[] subscriptions = _subscriptions;
        if (subscriptions.Length == 0) return false;
        GatewayState state = _gateway.State;
        ulong botId = state.BotUserId;
        ulong? guildId = message.GuildId ?? state.GetChannelGuild(message.ChannelId);
        ulong? roleId = guildId is ulong g ? state.GetManagedRole(g) : null;
        MessageInterest kinds = MessageConverter.Classify(message, botId, roleId, guildId is not null, _options.CommandPrefix);
        // A mention or DM may become an answer: it starts a trace when someone listens (OTLP), nothing otherwise.
        using Activity? received = (kinds & (MessageInterest.Mentions | MessageInterest.DirectMessages)) != 0
            ? DiscordTracing.Source.StartActivity("gateway MESSAGE_CREATE", ActivityKind.Consumer)
            : null;
        received?.SetTag("discord.message.id", message.Id).SetTag("discord.channel.id", message.ChannelId).SetTag("discord.shard", shardId);
        DiscordMessage? converted = null;
        foreach (MessageSubscriber subscriber in subscriptions)
        {
            if (!subscriber.Wants(kinds)) continue;
            converted ??= MessageConverter.Convert(message, state.BotUserId, state.GetManagedRole, state.GetChannelGuild, shardId, receivedAt: receivedAt, threadParentOf: state.ThreadParent);
            subscriber.Subscription.Post(converted, received);
        }

        if (converted is null) return false;
        Interlocked.Increment(ref _delivered);
        return true;
    }

    /// <summary>
    /// A readable name for a handler, for the logs: what its target says about itself when it overrides ToString
    /// (a host can name the cog behind a wrapper that way), else the declaring type and method.
    /// </summary>
    private static string DescribeHandler(Delegate handler)
    {
        if (handler.Target is { } target && target.ToString() is { } described && described != target.GetType().ToString()) return described;
        Type? type = handler.Method.DeclaringType;
        // Lambdas live in compiler-generated nested types (<>c, <>c__DisplayClass…): name the type that wrote them.
        while (type is { DeclaringType: not null } && type.Name.StartsWith('<')) type = type.DeclaringType;
        return $"{type?.FullName ?? "?"}.{handler.Method.Name}";
    }

    private DiscordMessage Convert(JsonMessage message, int shardId) =>
        MessageConverter.Convert(message, _gateway.State.BotUserId, _gateway.State.GetManagedRole, _gateway.State.GetChannelGuild, shardId, threadParentOf: _gateway.State.ThreadParent);

    // A null content is left for ValidateContent to reject with the usual exception.
    private string Filter(string content) => content is not null && _contentFilter is { } filter ? filter.Apply(content) : content!;

    /// <summary>
    /// What we know of a message Discord confirmed but whose answer we could not read: what we sent. The id is 0 for
    /// a create (unknown), so a later edit of it fails with a clear error instead of the send being reported failed.
    /// </summary>
    private DiscordMessage Posted(ulong messageId, ulong channelId, string content) => new()
    {
        Id = messageId,
        ChannelId = channelId,
        GuildId = _gateway.State.GetChannelGuild(channelId),
        Author = CurrentUser ?? new DiscordUser(0, "", true),
        Content = content,
        MentionedUserIds = [],
        MentionedRoleIds = [],
        Timestamp = _time.GetUtcNow(),
    };

    /// <summary>A snowflake-shaped nonce: unique per send, the same bytes on every retry of that send.</summary>
    private string NewNonce()
    {
        ulong milliseconds = (ulong)(_time.GetUtcNow().ToUnixTimeMilliseconds() - 1_420_070_400_000);
        ulong value = (milliseconds << 22) | (uint)Random.Shared.Next(1 << 22);
        return value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void ValidateContent(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length is 0 or > OutgoingMessage.MaxContentLength)
        {
            throw new ArgumentOutOfRangeException(nameof(content), content.Length, $"Message content must be 1 to {OutgoingMessage.MaxContentLength} characters.");
        }
    }

    private static async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken);
        }
        catch (DiscordRestException ex)
        {
            throw ToApiException(ex);
        }
    }

    /// <summary>A message subscription and the kinds of message it wants.</summary>
    private readonly record struct MessageSubscriber(MessageInterest Interest, Subscription<DiscordMessage> Subscription)
    {
        public bool Wants(MessageInterest kinds) => Interest == MessageInterest.All || (Interest & kinds) != 0;
    }

    private static DiscordApiException ToApiException(DiscordRestException ex) =>
        new(ex.HttpStatus, ex.Code, ex.HttpStatus == 401 ? ex.Message : ex.DiscordMessage, ex);
}
