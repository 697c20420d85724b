using AndyAI.Abstractions.Discord;

namespace AndyAI.Host.Tests.Fakes;

/// <summary>Records subscriptions and sent messages; <see cref="DeliverAsync"/> plays the gateway.</summary>
internal sealed class FakeDiscordBot : IDiscordBot
{
    private readonly List<Handler> _handlers = [];
    private ulong _nextId = 1000;

    public DiscordUser? CurrentUser { get; set; } = new(1, "AndyAI", IsBot: true);

    public TimeSpan? GatewayLatency { get; set; } = TimeSpan.FromMilliseconds(42);

    public List<(ulong ChannelId, OutgoingMessage Message)> Sent { get; } = [];

    public int OpenTypingScopes { get; private set; }

    public int ActiveSubscriptions
    {
        get
        {
            lock (_handlers)
            {
                return _handlers.Count;
            }
        }
    }

    public IDisposable SubscribeMessages(MessageInterest interest, Func<DiscordMessage, CancellationToken, ValueTask> handler)
    {
        var entry = new Handler(this, interest, handler);
        lock (_handlers)
        {
            _handlers.Add(entry);
        }

        return entry;
    }

    /// <summary>What the real bot would call each subscriber in its logs (its handler target's ToString).</summary>
    public IReadOnlyList<string?> SubscriberNames
    {
        get
        {
            lock (_handlers)
            {
                return [.. _handlers.Select(h => h.Callback.Target?.ToString())];
            }
        }
    }

    public async Task DeliverAsync(DiscordMessage message, CancellationToken cancellationToken = default)
    {
        Handler[] handlers;
        lock (_handlers)
        {
            handlers = [.. _handlers];
        }

        foreach (Handler handler in handlers)
        {
            // Like the real bot: a handler's exception must never reach the gateway loop.
            await handler.Callback(message, cancellationToken);
        }
    }

    public Task<DiscordMessage> SendMessageAsync(ulong channelId, OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        Sent.Add((channelId, message));
        return Task.FromResult(Message(channelId, message.Content));
    }

    public Task<DiscordMessage> EditMessageAsync(ulong channelId, ulong messageId, string content, CancellationToken cancellationToken = default) =>
        Task.FromResult(Message(channelId, content));

    public Task DeleteMessageAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task TriggerTypingAsync(ulong channelId, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public IAsyncDisposable BeginTyping(ulong channelId)
    {
        OpenTypingScopes++;
        return new Typing(this);
    }

    public Task<DiscordMessage?> GetMessageAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken = default) =>
        Task.FromResult<DiscordMessage?>(null);

    public Task<TimeSpan> MeasureRestLatencyAsync(CancellationToken cancellationToken = default) => Task.FromResult(TimeSpan.FromMilliseconds(5));

    public static DiscordMessage Mention(string content = "<@1> hello") => new()
    {
        Id = 500,
        ChannelId = 10,
        GuildId = 20,
        Author = new DiscordUser(7, "user", IsBot: false),
        Content = content,
        MentionedUserIds = [1],
        MentionsBot = true,
    };

    private DiscordMessage Message(ulong channelId, string content) => new()
    {
        Id = Interlocked.Increment(ref _nextId),
        ChannelId = channelId,
        Author = CurrentUser!,
        Content = content,
    };

    private sealed class Handler(FakeDiscordBot owner, MessageInterest interest, Func<DiscordMessage, CancellationToken, ValueTask> callback) : IDisposable
    {
        public MessageInterest Interest { get; } = interest;

        public Func<DiscordMessage, CancellationToken, ValueTask> Callback { get; } = callback;

        public void Dispose()
        {
            lock (owner._handlers)
            {
                owner._handlers.Remove(this);
            }
        }
    }

    private sealed class Typing(FakeDiscordBot owner) : IAsyncDisposable
    {
        private bool _disposed;

        public ValueTask DisposeAsync()
        {
            if (!_disposed)
            {
                _disposed = true;
                owner.OpenTypingScopes--;
            }

            return default;
        }
    }
}
