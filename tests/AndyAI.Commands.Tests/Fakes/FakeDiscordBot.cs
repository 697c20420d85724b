using System.Collections.Concurrent;
using AndyAI.Abstractions.Discord;

namespace AndyAI.Commands.Tests.Fakes;

/// <summary>Records what the bot sends and lets a test deliver incoming messages to the subscribers.</summary>
internal sealed class FakeDiscordBot : IDiscordBot
{
    public const ulong BotId = 900;

    private readonly List<(MessageInterest Interest, Func<DiscordMessage, CancellationToken, ValueTask> Handler)> _subscribers = [];
    private ulong _nextId = 5000;

    public DiscordUser? CurrentUser { get; set; } = new(BotId, "AndyAI", IsBot: true);

    public TimeSpan? GatewayLatency { get; set; }

    public ConcurrentQueue<(ulong ChannelId, OutgoingMessage Message)> Sent { get; } = new();

    public Exception? SendFailure { get; set; }

    public int SubscriberCount => _subscribers.Count;

    public MessageInterest? LastInterest { get; private set; }

    public IReadOnlyList<string> SentContents => [.. Sent.Select(sent => sent.Message.Content)];

    public async Task DeliverAsync(DiscordMessage message, CancellationToken cancellationToken = default)
    {
        foreach (var (_, handler) in _subscribers.ToArray())
        {
            await handler(message, cancellationToken);
        }
    }

    public IDisposable SubscribeMessages(MessageInterest interest, Func<DiscordMessage, CancellationToken, ValueTask> handler)
    {
        var entry = (interest, handler);
        _subscribers.Add(entry);
        LastInterest = interest;
        return new Unsubscriber(() => _subscribers.Remove(entry));
    }

    public Task<DiscordMessage> SendMessageAsync(ulong channelId, OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        if (SendFailure is not null)
        {
            return Task.FromException<DiscordMessage>(SendFailure);
        }

        Sent.Enqueue((channelId, message));
        return Task.FromResult(new DiscordMessage
        {
            Id = Interlocked.Increment(ref _nextId),
            ChannelId = channelId,
            Author = CurrentUser!,
            Content = message.Content,
            ReferencedMessageId = message.ReplyToMessageId,
        });
    }

    public Task<DiscordMessage> EditMessageAsync(ulong channelId, ulong messageId, string content, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("not used by the command framework");

    public Task DeleteMessageAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("not used by the command framework");

    public Task TriggerTypingAsync(ulong channelId, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public IAsyncDisposable BeginTyping(ulong channelId) => throw new NotSupportedException("not used by the command framework");

    public Task<DiscordMessage?> GetMessageAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken = default) =>
        Task.FromResult<DiscordMessage?>(null);

    public Task<TimeSpan> MeasureRestLatencyAsync(CancellationToken cancellationToken = default) => Task.FromResult(TimeSpan.FromMilliseconds(1));

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
