using System.Threading.Channels;
using AndyAI.Abstractions.Discord;
using Microsoft.Extensions.Logging;

namespace AndyAI.Discord.Hosting;

/// <summary>
/// One subscriber: its own queue and its own loop, so a slow or throwing handler never holds up the others or
/// the gateway. When the handler falls <see cref="Capacity"/> messages behind, the oldest queued message is dropped
/// to make room (counted, with one warning per <see cref="WarningInterval"/> naming the subscriber): posting never
/// waits, so the dispatcher, and through it every other subscriber, is never held up by this one.
/// </summary>
internal sealed class MessageSubscription : IDisposable
{
    /// <summary>How many messages may wait for the handler before the oldest is dropped.</summary>
    public const int Capacity = 1024;

    /// <summary>At most one "dropped" warning per subscriber per this interval; the count covers everything in between.</summary>
    public static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);

    private readonly Channel<DiscordMessage> _queue;
    private readonly Func<DiscordMessage, CancellationToken, ValueTask> _handler;
    private readonly Action<MessageSubscription> _onDispose;
    private readonly CancellationTokenSource _cts = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action _onFailure;
    private long _dropped;
    private long _droppedSinceWarning;
    private long _lastWarning = -1;
    private int _disposed;

    public MessageSubscription(
        string name, MessageInterest interest, Func<DiscordMessage, CancellationToken, ValueTask> handler, TimeProvider time, ILogger logger, Action onFailure, Action<MessageSubscription> onDispose)
    {
        Name = name;
        Interest = interest;
        _handler = handler;
        _time = time;
        _logger = logger;
        _onFailure = onFailure;
        _onDispose = onDispose;
        // A chat bot answers the conversation as it is now: after a stall, the freshest messages are worth more than
        // the ones users gave up on, so the oldest is dropped rather than the newest.
        _queue = Channel.CreateBounded<DiscordMessage>(
            new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.DropOldest },
            OnDropped);
        Completion = Task.Run(RunAsync);
    }

    /// <summary>Who subscribed (the handler's type and method), for logs.</summary>
    public string Name { get; }

    public MessageInterest Interest { get; }

    public Task Completion { get; }

    /// <summary>Messages dropped because this subscriber's queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public bool Wants(MessageInterest kinds) => Interest == MessageInterest.All || (Interest & kinds) != 0;

    /// <summary>Queues <paramref name="message"/> for the handler; never waits (a full queue drops its oldest message).</summary>
    public void Post(DiscordMessage message) => _queue.Writer.TryWrite(message);

    private void OnDropped(DiscordMessage message)
    {
        long total = Interlocked.Increment(ref _dropped);
        Interlocked.Increment(ref _droppedSinceWarning);
        long now = _time.GetTimestamp();
        long last = Interlocked.Read(ref _lastWarning);
        if (last >= 0 && _time.GetElapsedTime(last, now) < WarningInterval) return;
        if (Interlocked.CompareExchange(ref _lastWarning, now, last) != last) return;
        HostingLog.SubscriberOverflow(_logger, Name, Interest.ToString(), Capacity, Interlocked.Exchange(ref _droppedSinceWarning, 0), total);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _onDispose(this);
        // Cancel before completing the queue: the loop must never see its token's source disposed under it.
        _cts.Cancel();
        _queue.Writer.TryComplete();
        _cts.Dispose();
    }

    private async Task RunAsync()
    {
        CancellationToken token = _cts.Token;
        try
        {
            while (await _queue.Reader.WaitToReadAsync(token))
            {
                while (_queue.Reader.TryRead(out DiscordMessage? message))
                {
                    try
                    {
                        await _handler(message, token);
                    }
                    catch (OperationCanceledException) when (token.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (Exception ex)
                    {
                        _onFailure();
                        HostingLog.HandlerFailed(_logger, Interest.ToString(), message.Id, ex);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Unsubscribed.
        }
    }
}
