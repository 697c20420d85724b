using System.Collections.Concurrent;
using AndyAI.Abstractions.Discord;

namespace AndyAI.Cogs.MessageHandler.Tests.Fakes;

/// <summary>Records everything the cog does with Discord and lets a test deliver messages to its handler.</summary>
internal sealed class FakeDiscordBot(TimeProvider time) : IDiscordBot
{
    private Func<DiscordMessage, CancellationToken, ValueTask>? _handler;
    private long _nextId = 900_000;

    public DiscordUser? CurrentUser { get; set; } = new(Ids.Bot, "AndyAI", IsBot: true);

    public TimeSpan? GatewayLatency => TimeSpan.FromMilliseconds(1);

    public MessageInterest SubscribedInterest { get; private set; }

    public bool IsSubscribed => _handler is not null;

    public ConcurrentQueue<SentMessage> Sent { get; } = new();

    public ConcurrentQueue<EditedMessage> Edits { get; } = new();

    public ConcurrentQueue<ulong> Deleted { get; } = new();

    public ConcurrentQueue<ulong> Fetched { get; } = new();

    public int TypingStarted;

    public int TypingStopped;

    /// <summary>Messages <see cref="GetMessageAsync"/> can return.</summary>
    public ConcurrentDictionary<ulong, DiscordMessage> Stored { get; } = new();

    /// <summary>When set, sends throw it.</summary>
    public Exception? SendFailure { get; set; }

    /// <summary>Sends whose content starts with this prefix throw <see cref="SendFailure"/>; null: all sends.</summary>
    public string? FailSendsStartingWith { get; set; }

    public IDisposable SubscribeMessages(MessageInterest interest, Func<DiscordMessage, CancellationToken, ValueTask> handler)
    {
        SubscribedInterest = interest;
        _handler = handler;
        return new Subscription(this);
    }

    /// <summary>Runs the cog's handler the way the host would.</summary>
    /// <summary>Runs after each delivery; tests set it to wait until the cog has finished answering.</summary>
    public Func<Task>? AfterDelivery { get; set; }

    /// <summary>Delivers a message like the host does, then waits for <see cref="AfterDelivery"/>.</summary>
    public async ValueTask DeliverAsync(DiscordMessage message, CancellationToken cancellationToken = default)
    {
        if (_handler is { } handler)
        {
            await handler(message, cancellationToken);
            if (AfterDelivery is { } after)
            {
                await after();
            }
        }
    }

    public Task<DiscordMessage> SendMessageAsync(ulong channelId, OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (SendFailure is { } failure && (FailSendsStartingWith is null || message.Content.StartsWith(FailSendsStartingWith, StringComparison.Ordinal)))
        {
            throw failure;
        }

        if (message.Content.Length is 0 or > OutgoingMessage.MaxContentLength)
        {
            throw new DiscordApiException(400, 50035, "Invalid Form Body");
        }

        ulong id = (ulong)Interlocked.Increment(ref _nextId);
        Sent.Enqueue(new SentMessage(id, channelId, message.Content, message.ReplyToMessageId, time.GetUtcNow()));
        var stored = new DiscordMessage
        {
            Id = id,
            ChannelId = channelId,
            Author = CurrentUser!,
            Content = message.Content,
            ReferencedMessageId = message.ReplyToMessageId,
        };
        Stored[id] = stored;
        return Task.FromResult(stored);
    }

    public Task<DiscordMessage> EditMessageAsync(ulong channelId, ulong messageId, string content, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (content.Length is 0 or > OutgoingMessage.MaxContentLength)
        {
            throw new DiscordApiException(400, 50035, "Invalid Form Body");
        }

        Edits.Enqueue(new EditedMessage(messageId, content, time.GetUtcNow()));
        DiscordMessage edited = Stored[messageId] with { Content = content };
        Stored[messageId] = edited;
        return Task.FromResult(edited);
    }

    public Task DeleteMessageAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken = default)
    {
        Deleted.Enqueue(messageId);
        Stored.TryRemove(messageId, out _);
        return Task.CompletedTask;
    }

    public Task TriggerTypingAsync(ulong channelId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref TypingStarted);
        return Task.CompletedTask;
    }

    public IAsyncDisposable BeginTyping(ulong channelId)
    {
        Interlocked.Increment(ref TypingStarted);
        return new Typing(this);
    }

    public Task<DiscordMessage?> GetMessageAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken = default)
    {
        Fetched.Enqueue(messageId);
        return Task.FromResult(Stored.TryGetValue(messageId, out DiscordMessage? message) ? message : null);
    }

    public Task<TimeSpan> MeasureRestLatencyAsync(CancellationToken cancellationToken = default) => Task.FromResult(TimeSpan.FromMilliseconds(1));

    /// <summary>What the bot's messages finally read, in posting order (edits applied, deletions removed).</summary>
    public List<string> FinalContents() =>
        [.. Sent.Where(s => Stored.ContainsKey(s.Id)).Select(s => Stored[s.Id].Content)];

    private sealed class Subscription(FakeDiscordBot bot) : IDisposable
    {
        public void Dispose() => bot._handler = null;
    }

    private sealed class Typing(FakeDiscordBot bot) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Increment(ref bot.TypingStopped);
            }

            return ValueTask.CompletedTask;
        }
    }
}

internal sealed record SentMessage(ulong Id, ulong ChannelId, string Content, ulong? ReplyToMessageId, DateTimeOffset At);

internal sealed record EditedMessage(ulong Id, string Content, DateTimeOffset At);

internal static class Ids
{
    public const ulong Bot = 100;
    public const ulong BotRole = 200;
    public const ulong Guild = 300;
    public const ulong OtherGuild = 301;
    public const ulong Channel = 400;
    public const ulong OtherChannel = 401;
    public const ulong DmChannel = 402;
    public const ulong Alice = 500;
    public const ulong Bob = 501;
    public const ulong Carol = 502;
}
