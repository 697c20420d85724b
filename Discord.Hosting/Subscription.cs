using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace AndyAI.Discord.Hosting;

/// <summary>
/// One subscriber (to messages or to interactions): its own queue and its own loop, so a slow or throwing handler
/// never holds up the others or the gateway. When the handler falls <see cref="SubscriptionLimits.Capacity"/> events
/// behind, the oldest queued event is dropped to make room (counted, with one warning per
/// <see cref="SubscriptionLimits.WarningInterval"/> naming the subscriber): posting never waits, so the dispatcher,
/// and through it every other subscriber, is never held up by this one.
/// </summary>
internal sealed class Subscription<T> : IDisposable
    where T : class
{
    private readonly Channel<Queued> _queue;
    private readonly Func<T, CancellationToken, ValueTask> _handler;
    private readonly Func<T, ulong> _idOf;
    private readonly Action<Subscription<T>> _onDispose;
    private readonly CancellationTokenSource _cts = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action _onFailure;
    private long _dropped;
    private long _droppedSinceWarning;
    private long _lastWarning = -1;
    private int _disposed;

    /// <param name="name">Who subscribed, for logs.</param>
    /// <param name="kind">What it receives, for logs ("Mentions, Prefixed", "interactions").</param>
    /// <param name="handler">The subscriber's handler.</param>
    /// <param name="idOf">The id of an event, for the log line when the handler throws.</param>
    /// <param name="time">The clock of the overflow warnings.</param>
    /// <param name="logger">Where failures and overflows are logged.</param>
    /// <param name="onFailure">Counts a handler failure.</param>
    /// <param name="onDispose">Removes the subscription from its publisher.</param>
    public Subscription(
        string name, string kind, Func<T, CancellationToken, ValueTask> handler, Func<T, ulong> idOf, TimeProvider time, ILogger logger, Action onFailure, Action<Subscription<T>> onDispose)
    {
        Name = name;
        Kind = kind;
        _handler = handler;
        _idOf = idOf;
        _time = time;
        _logger = logger;
        _onFailure = onFailure;
        _onDispose = onDispose;
        // A chat bot answers the conversation as it is now: after a stall, the freshest messages are worth more than
        // the ones users gave up on, so the oldest is dropped rather than the newest. For interactions the more so:
        // Discord gives 3 seconds to answer one, so the oldest in a full queue is already lost.
        _queue = Channel.CreateBounded<Queued>(
            new BoundedChannelOptions(SubscriptionLimits.Capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.DropOldest },
            OnDropped);
        Completion = Task.Run(RunAsync);
    }

    /// <summary>Who subscribed (the handler's type and method), for logs.</summary>
    public string Name { get; }

    /// <summary>What it receives, for logs.</summary>
    public string Kind { get; }

    public Task Completion { get; }

    /// <summary>Events dropped because this subscriber's queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues <paramref name="item"/> for the handler; never waits (a full queue drops its oldest event).</summary>
    public void Post(T item) => _queue.Writer.TryWrite(new Queued(item, null));

    /// <summary>Queues <paramref name="item"/> with the span it arrived in: the handler runs in a child span.</summary>
    public void Post(T item, Activity? received) => _queue.Writer.TryWrite(new Queued(item, received));

    private void OnDropped(Queued dropped)
    {
        long total = Interlocked.Increment(ref _dropped);
        Interlocked.Increment(ref _droppedSinceWarning);
        long now = _time.GetTimestamp();
        long last = Interlocked.Read(ref _lastWarning);
        if (last >= 0 && _time.GetElapsedTime(last, now) < SubscriptionLimits.WarningInterval) return;
        if (Interlocked.CompareExchange(ref _lastWarning, now, last) != last) return;
        HostingLog.SubscriberOverflow(_logger, Name, Kind, SubscriptionLimits.Capacity, Interlocked.Exchange(ref _droppedSinceWarning, 0), total);
    }

    /// <summary>A queued event and the span it arrived in (null when nobody traces).</summary>
    private readonly record struct Queued(T Item, Activity? Received);

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
                while (_queue.Reader.TryRead(out Queued queued))
                {
                    T item = queued.Item;
                    // Work the handler starts (a cog's answer task) inherits this span as Activity.Current.
                    using Activity? handling = queued.Received is { } received
                        ? DiscordTracing.Source.StartActivity("handle " + Kind, ActivityKind.Internal, received.Context)?.SetTag("subscriber", Name)
                        : null;
                    try
                    {
                        await _handler(item, token);
                    }
                    catch (OperationCanceledException) when (token.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (Exception ex)
                    {
                        _onFailure();
                        HostingLog.HandlerFailed(_logger, Name, Kind, _idOf(item), ex);
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
