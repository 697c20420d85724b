using AndyAI.Abstractions.Discord;

namespace AndyAI.Host.Cogs;

/// <summary>
/// The <see cref="IDiscordBot"/> one cog instance sees. Subscriptions made before <see cref="Activate"/> are staged;
/// handlers run only while this instance holds its cog's <see cref="CogSlot"/>; a handler that throws is caught,
/// logged with the cog's name and counted; typing indicators still open at unload are stopped.
/// </summary>
internal sealed class CogDiscordSurface : IDiscordBot
{
    private readonly IDiscordBot _bot;
    private readonly CogContextScope _scope;
    private readonly Lock _gate = new();
    private readonly List<Subscription> _subscriptions = [];
    private readonly HashSet<TypingScope> _typing = [];
    private bool _live;
    private bool _closed;

    public CogDiscordSurface(IDiscordBot bot, CogContextScope scope)
    {
        _bot = bot;
        _scope = scope;
    }

    public DiscordUser? CurrentUser => _bot.CurrentUser;

    public TimeSpan? GatewayLatency => _bot.GatewayLatency;

    public int SubscriptionCount
    {
        get
        {
            lock (_gate)
            {
                return _subscriptions.Count;
            }
        }
    }

    public IDisposable SubscribeMessages(MessageInterest interest, Func<DiscordMessage, CancellationToken, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this, interest, handler);
        lock (_gate)
        {
            ThrowIfClosed();
            _subscriptions.Add(subscription);
            if (_live)
            {
                subscription.Attach(_bot);
            }
        }

        return subscription;
    }

    /// <summary>Subscribes every staged handler with the host's bot.</summary>
    public int Activate()
    {
        lock (_gate)
        {
            ThrowIfClosed();
            _live = true;
            foreach (Subscription subscription in _subscriptions)
            {
                subscription.Attach(_bot);
            }

            return _subscriptions.Count;
        }
    }

    /// <summary>Ends every subscription (no more deliveries); the surface stays usable for sending until closed.</summary>
    public void Deactivate()
    {
        Subscription[] subscriptions;
        lock (_gate)
        {
            _live = false;
            subscriptions = [.. _subscriptions];
            _subscriptions.Clear();
        }

        foreach (Subscription subscription in subscriptions)
        {
            subscription.Detach();
        }
    }

    /// <summary>Deactivates, stops open typing indicators and refuses any further use (a leaked cog cannot keep talking).</summary>
    public async ValueTask CloseAsync()
    {
        Deactivate();
        TypingScope[] typing;
        lock (_gate)
        {
            _closed = true;
            typing = [.. _typing];
            _typing.Clear();
        }

        foreach (TypingScope scope in typing)
        {
            try
            {
                await scope.DisposeInnerAsync();
            }
            catch (Exception ex)
            {
                CogLog.TypingDisposeFailed(_scope.Logger, _scope.CogName, ex);
            }
        }
    }

    public Task<DiscordMessage> SendMessageAsync(ulong channelId, OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        return _bot.SendMessageAsync(channelId, message, cancellationToken);
    }

    public Task<DiscordMessage> EditMessageAsync(ulong channelId, ulong messageId, string content, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        return _bot.EditMessageAsync(channelId, messageId, content, cancellationToken);
    }

    public Task DeleteMessageAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        return _bot.DeleteMessageAsync(channelId, messageId, cancellationToken);
    }

    public Task TriggerTypingAsync(ulong channelId, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        return _bot.TriggerTypingAsync(channelId, cancellationToken);
    }

    public IAsyncDisposable BeginTyping(ulong channelId)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            var scope = new TypingScope(this, _bot.BeginTyping(channelId));
            _typing.Add(scope);
            return scope;
        }
    }

    public Task<DiscordMessage?> GetMessageAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        return _bot.GetMessageAsync(channelId, messageId, cancellationToken);
    }

    public Task<TimeSpan> MeasureRestLatencyAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        return _bot.MeasureRestLatencyAsync(cancellationToken);
    }

    private void ThrowIfClosed()
    {
        if (Volatile.Read(ref _closed))
        {
            throw new ObjectDisposedException($"cog {_scope.CogName}", $"Cog {_scope.CogName} was unloaded; its Discord surface is closed.");
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }
    }

    private void Remove(TypingScope scope)
    {
        lock (_gate)
        {
            _typing.Remove(scope);
        }
    }

    /// <summary>One cog handler. Holds the cog's delegate only until disposed, so a dropped scope pins no cog code.</summary>
    private sealed class Subscription(CogDiscordSurface owner, MessageInterest interest, Func<DiscordMessage, CancellationToken, ValueTask> handler) : IDisposable
    {
        private Func<DiscordMessage, CancellationToken, ValueTask>? _handler = handler;
        private IDisposable? _hostSubscription;

        public void Attach(IDiscordBot bot)
        {
            if (_handler is not null && _hostSubscription is null)
            {
                _hostSubscription = bot.SubscribeMessages(interest, InvokeAsync);
            }
        }

        public void Detach()
        {
            Interlocked.Exchange(ref _hostSubscription, null)?.Dispose();
            _handler = null;
        }

        public void Dispose()
        {
            owner.Remove(this);
            Detach();
        }

        // The Discord client names a subscriber by its handler's target in its logs (a slow subscriber's overflow
        // warning): name the cog, not this wrapper.
        public override string ToString() => $"cog {owner._scope.CogName}";

        // Hot path: no allocation when the cog's handler completes synchronously.
        private ValueTask InvokeAsync(DiscordMessage message, CancellationToken cancellationToken)
        {
            Func<DiscordMessage, CancellationToken, ValueTask>? current = _handler;
            CogContextScope scope = owner._scope;
            if (current is null || !scope.IsCurrent)
            {
                return default;
            }

            ValueTask pending;
            try
            {
                pending = current(message, cancellationToken);
            }
            catch (Exception ex) when (!IsCancellation(ex, scope, cancellationToken))
            {
                scope.ReportHandlerError(ex);
                return default;
            }
            catch (OperationCanceledException)
            {
                return default; // cancelled because the host stops or the cog unloads
            }

            if (pending.IsCompletedSuccessfully)
            {
                pending.GetAwaiter().GetResult();
                return default;
            }

            return AwaitAsync(pending, scope, cancellationToken);
        }

        private static async ValueTask AwaitAsync(ValueTask pending, CogContextScope scope, CancellationToken cancellationToken)
        {
            try
            {
                await pending;
            }
            catch (Exception ex) when (!IsCancellation(ex, scope, cancellationToken))
            {
                scope.ReportHandlerError(ex);
            }
            catch (OperationCanceledException)
            {
                // The host is stopping or the cog unloading: not a handler error.
            }
        }

        // Cancelled because the host stops or the cog unloads: expected, not a handler error.
        private static bool IsCancellation(Exception ex, CogContextScope scope, CancellationToken cancellationToken) =>
            ex is OperationCanceledException && (cancellationToken.IsCancellationRequested || scope.Unloading.IsCancellationRequested);
    }

    private sealed class TypingScope(CogDiscordSurface owner, IAsyncDisposable inner) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync()
        {
            owner.Remove(this);
            return DisposeInnerAsync();
        }

        public ValueTask DisposeInnerAsync() => Interlocked.Exchange(ref _disposed, 1) == 0 ? inner.DisposeAsync() : default;
    }
}
