using AndyAI.Abstractions.Discord;

namespace AndyAI.Host.Cogs;

/// <summary>
/// The <see cref="IDiscordBot"/> one cog instance sees. Message subscriptions are <see cref="StagedRegistrations{T}"/>:
/// attached to the host's bot at activation, yet handlers run only while this instance holds its cog's
/// <see cref="CogSlot"/>, so a reload moves every handler with that one reference swap. A handler that throws is
/// caught, logged with the cog's name and counted; typing indicators still open at unload are stopped.
/// </summary>
internal sealed class CogDiscordSurface : IDiscordBot
{
    private readonly IDiscordBot _bot;
    private readonly CogContextScope _scope;
    private readonly StagedRegistrations<Subscription> _subscriptions;
    private readonly Lock _gate = new();
    private readonly HashSet<TypingScope> _typing = [];
    private bool _closed;

    public CogDiscordSurface(IDiscordBot bot, CogContextScope scope)
    {
        _bot = bot;
        _scope = scope;
        _subscriptions = new StagedRegistrations<Subscription>("message handlers", new BotAttachments(bot));
    }

    /// <summary>The message handlers this instance subscribed (staged or live); the scope activates and deactivates them.</summary>
    public ICogSurface Registrations => _subscriptions;

    public DiscordUser? CurrentUser => _bot.CurrentUser;

    public TimeSpan? GatewayLatency => _bot.GatewayLatency;

    public IDisposable SubscribeMessages(MessageInterest interest, Func<DiscordMessage, CancellationToken, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ThrowIfClosed();
        var subscription = new Subscription(this, interest, handler);
        if (!_subscriptions.Add(subscription))
        {
            subscription.Detach(); // deactivated: the cog is unloading, so the handler never runs; keep no reference to it
        }

        return subscription;
    }

    /// <summary>Stops open typing indicators and refuses any further use (a leaked cog cannot keep talking); the scope has deactivated the subscriptions.</summary>
    public async ValueTask CloseAsync()
    {
        _subscriptions.Deactivate();
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
            owner._subscriptions.Remove(this);
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

            if (message.GuildId is { } guildId && scope.GuildSwitch is { } guildSwitch && !guildSwitch.IsEnabled(scope.CogName, guildId))
            {
                return default; // the guild turned this cog off
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

    /// <summary>Live message subscriptions are the host bot's subscribers; the <see cref="CogSlot"/> gates their deliveries.</summary>
    private sealed class BotAttachments(IDiscordBot bot) : IRegistrationTarget<Subscription>
    {
        public void EnsureCanPublish(IReadOnlyList<Subscription> items)
        {
            // Message subscriptions have no names to clash: the bot takes any number.
        }

        public void Publish(IReadOnlyList<Subscription> items)
        {
            foreach (Subscription subscription in items)
            {
                subscription.Attach(bot);
            }
        }

        public void Add(Subscription item) => item.Attach(bot);

        public int Withdraw(IReadOnlyList<Subscription> items)
        {
            foreach (Subscription subscription in items)
            {
                subscription.Detach();
            }

            return items.Count;
        }
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
