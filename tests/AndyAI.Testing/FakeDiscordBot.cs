using System.Collections.Concurrent;
using AndyAI.Abstractions.Discord;

namespace AndyAI.Testing;

/// <summary>
/// An <see cref="IDiscordBot"/> that keeps everything in memory: it records what the code under test sends, edits,
/// deletes, fetches and types, and <see cref="DeliverAsync"/> plays the gateway for its subscribers. Safe to use
/// from several threads, like the real bot.
/// </summary>
/// <remarks>
/// Like Discord, sends and edits with empty or over-long content fail with a 400 <see cref="DiscordApiException"/>,
/// and editing a message the fake does not know fails with a 404. Set <see cref="SendFailure"/> and its siblings to
/// make calls fail on purpose.
/// </remarks>
/// <param name="time">The clock stamped on recorded sends and edits; <see cref="TimeProvider.System"/> when omitted.</param>
public sealed class FakeDiscordBot(TimeProvider? time = null) : IDiscordBot
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private readonly List<Subscription> _subscriptions = [];
    private readonly List<SentMessage> _sent = [];
    private readonly List<EditedMessage> _edits = [];
    private readonly List<ulong> _deleted = [];
    private readonly List<ulong> _fetched = [];
    private long _nextId = 900_000;
    private int _typingTriggered;
    private int _typingStarted;
    private int _typingStopped;

    /// <summary>The bot's own user.</summary>
    /// <value>Defaults to a bot user with id 1 named AndyAI; set <see langword="null"/> to play "not ready yet".</value>
    public DiscordUser? CurrentUser { get; set; } = new(1, "AndyAI", IsBot: true);

    /// <summary>What <see cref="IDiscordBot.GatewayLatency"/> reports. Defaults to <see langword="null"/> (no ACK yet).</summary>
    public TimeSpan? GatewayLatency { get; set; }

    /// <summary>What <see cref="MeasureRestLatencyAsync"/> does. Defaults to answering one millisecond.</summary>
    public Func<Task<TimeSpan>> RestLatency { get; set; } = () => Task.FromResult(TimeSpan.FromMilliseconds(1));

    /// <summary>When set, <see cref="SendMessageAsync"/> throws it (see <see cref="FailSendsStartingWith"/>).</summary>
    public Exception? SendFailure { get; set; }

    /// <summary>When set, only sends whose content starts with this text throw <see cref="SendFailure"/>.</summary>
    public string? FailSendsStartingWith { get; set; }

    /// <summary>When set, <see cref="EditMessageAsync"/> throws it.</summary>
    public Exception? EditFailure { get; set; }

    /// <summary>When set, <see cref="DeleteMessageAsync"/> throws it.</summary>
    public Exception? DeleteFailure { get; set; }

    /// <summary>When set, <see cref="TriggerTypingAsync"/> throws it. (<see cref="BeginTyping"/> never throws, like the real bot.)</summary>
    public Exception? TypingFailure { get; set; }

    /// <summary>
    /// Runs after each <see cref="DeliverAsync"/> has called the subscribers; a test sets it to wait until code that
    /// answers in the background is done (for example a cog's "idle" task).
    /// </summary>
    public Func<Task>? AfterDelivery { get; set; }

    /// <summary>Messages the bot knows: everything sent (with edits applied, minus deletions) and what a test stores for <see cref="GetMessageAsync"/>.</summary>
    public ConcurrentDictionary<ulong, DiscordMessage> Stored { get; } = new();

    /// <summary>Every message sent, in order.</summary>
    public IReadOnlyList<SentMessage> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>The content of every message sent, in order.</summary>
    public IReadOnlyList<string> SentContents => [.. Sent.Select(sent => sent.Content)];

    /// <summary>Every edit, in order.</summary>
    public IReadOnlyList<EditedMessage> Edits
    {
        get
        {
            lock (_gate)
            {
                return [.. _edits];
            }
        }
    }

    /// <summary>The ids of every deleted message, in order.</summary>
    public IReadOnlyList<ulong> Deleted
    {
        get
        {
            lock (_gate)
            {
                return [.. _deleted];
            }
        }
    }

    /// <summary>The ids <see cref="GetMessageAsync"/> was asked for, in order.</summary>
    public IReadOnlyList<ulong> Fetched
    {
        get
        {
            lock (_gate)
            {
                return [.. _fetched];
            }
        }
    }

    /// <summary>How many times <see cref="TriggerTypingAsync"/> was called.</summary>
    public int TypingTriggered => Volatile.Read(ref _typingTriggered);

    /// <summary>How many typing scopes <see cref="BeginTyping"/> opened.</summary>
    public int TypingStarted => Volatile.Read(ref _typingStarted);

    /// <summary>How many typing scopes were disposed (each counts once).</summary>
    public int TypingStopped => Volatile.Read(ref _typingStopped);

    /// <summary>Typing scopes opened and not disposed yet.</summary>
    public int OpenTypingScopes => TypingStarted - TypingStopped;

    /// <summary>How many subscriptions are live (not disposed).</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscriptions.Count;
            }
        }
    }

    /// <summary>Whether any subscription is live.</summary>
    public bool IsSubscribed => SubscriberCount > 0;

    /// <summary>The interest of the most recent subscription, or <see langword="null"/> before the first.</summary>
    public MessageInterest? LastInterest { get; private set; }

    /// <summary>What the real bot would call each live subscriber in its logs (its handler target's <see cref="object.ToString"/>).</summary>
    public IReadOnlyList<string?> SubscriberNames
    {
        get
        {
            lock (_gate)
            {
                return [.. _subscriptions.Select(s => s.Handler.Target?.ToString())];
            }
        }
    }

    /// <summary>
    /// Delivers <paramref name="message"/> to every live subscriber in subscription order (whatever their interest:
    /// the test chooses what arrives), then awaits <see cref="AfterDelivery"/>. A handler's exception propagates to
    /// the test.
    /// </summary>
    public async Task DeliverAsync(DiscordMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        Subscription[] subscriptions;
        lock (_gate)
        {
            subscriptions = [.. _subscriptions];
        }

        foreach (Subscription subscription in subscriptions)
        {
            await subscription.Handler(message, cancellationToken);
        }

        if (AfterDelivery is { } after)
        {
            await after();
        }
    }

    /// <inheritdoc />
    public IDisposable SubscribeMessages(MessageInterest interest, Func<DiscordMessage, CancellationToken, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this, handler);
        lock (_gate)
        {
            _subscriptions.Add(subscription);
            LastInterest = interest;
        }

        return subscription;
    }

    /// <inheritdoc />
    public Task<DiscordMessage> SendMessageAsync(ulong channelId, OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        if (SendFailure is { } failure && (FailSendsStartingWith is null || message.Content.StartsWith(FailSendsStartingWith, StringComparison.Ordinal)))
        {
            return Task.FromException<DiscordMessage>(failure);
        }

        if (!IsValidContent(message.Content))
        {
            return Task.FromException<DiscordMessage>(InvalidFormBody());
        }

        ulong id = (ulong)Interlocked.Increment(ref _nextId);
        var stored = new DiscordMessage
        {
            Id = id,
            ChannelId = channelId,
            Author = CurrentUser ?? new DiscordUser(0, "AndyAI", IsBot: true),
            Content = message.Content,
            ReferencedMessageId = message.ReplyToMessageId,
        };
        Stored[id] = stored;
        lock (_gate)
        {
            _sent.Add(new SentMessage(id, channelId, message, _time.GetUtcNow()));
        }

        return Task.FromResult(stored);
    }

    /// <inheritdoc />
    public Task<DiscordMessage> EditMessageAsync(ulong channelId, ulong messageId, string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        cancellationToken.ThrowIfCancellationRequested();
        if (EditFailure is { } failure)
        {
            return Task.FromException<DiscordMessage>(failure);
        }

        if (!IsValidContent(content))
        {
            return Task.FromException<DiscordMessage>(InvalidFormBody());
        }

        if (!Stored.TryGetValue(messageId, out DiscordMessage? original))
        {
            return Task.FromException<DiscordMessage>(new DiscordApiException(404, 10008, "Unknown Message"));
        }

        DiscordMessage edited = original with { Content = content };
        Stored[messageId] = edited;
        lock (_gate)
        {
            _edits.Add(new EditedMessage(messageId, channelId, content, _time.GetUtcNow()));
        }

        return Task.FromResult(edited);
    }

    /// <inheritdoc />
    public Task DeleteMessageAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (DeleteFailure is { } failure)
        {
            return Task.FromException(failure);
        }

        Stored.TryRemove(messageId, out _);
        lock (_gate)
        {
            _deleted.Add(messageId);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task TriggerTypingAsync(ulong channelId, CancellationToken cancellationToken = default)
    {
        if (TypingFailure is { } failure)
        {
            return Task.FromException(failure);
        }

        Interlocked.Increment(ref _typingTriggered);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public IAsyncDisposable BeginTyping(ulong channelId)
    {
        Interlocked.Increment(ref _typingStarted);
        return new TypingScope(this);
    }

    /// <inheritdoc />
    public Task<DiscordMessage?> GetMessageAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _fetched.Add(messageId);
        }

        return Task.FromResult(Stored.TryGetValue(messageId, out DiscordMessage? message) ? message : null);
    }

    /// <inheritdoc />
    public Task<TimeSpan> MeasureRestLatencyAsync(CancellationToken cancellationToken = default) => RestLatency();

    /// <summary>What the bot's messages finally read, in posting order (edits applied, deleted ones left out).</summary>
    public List<string> FinalContents() =>
        [.. Sent.Where(sent => Stored.ContainsKey(sent.Id)).Select(sent => Stored[sent.Id].Content)];

    private static bool IsValidContent(string content) => content.Length is > 0 and <= OutgoingMessage.MaxContentLength;

    private static DiscordApiException InvalidFormBody() => new(400, 50035, "Invalid Form Body");

    private sealed class Subscription(FakeDiscordBot owner, Func<DiscordMessage, CancellationToken, ValueTask> handler) : IDisposable
    {
        public Func<DiscordMessage, CancellationToken, ValueTask> Handler { get; } = handler;

        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._subscriptions.Remove(this);
            }
        }
    }

    private sealed class TypingScope(FakeDiscordBot owner) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Increment(ref owner._typingStopped);
            }

            return ValueTask.CompletedTask;
        }
    }
}
