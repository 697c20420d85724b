using System.Threading.Channels;
using AndyAI.Abstractions.Discord;
using Microsoft.Extensions.Logging;

namespace AndyAI.Discord.Hosting;

/// <summary>
/// One subscriber: its own queue and its own loop, so a slow or throwing handler never holds up the others or
/// the gateway.
/// </summary>
internal sealed class MessageSubscription : IDisposable
{
    private readonly Channel<DiscordMessage> _queue = Channel.CreateBounded<DiscordMessage>(
        new BoundedChannelOptions(1024) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly Func<DiscordMessage, CancellationToken, ValueTask> _handler;
    private readonly Action<MessageSubscription> _onDispose;
    private readonly CancellationTokenSource _cts = new();
    private readonly ILogger _logger;
    private readonly Action _onFailure;
    private int _disposed;

    public MessageSubscription(MessageInterest interest, Func<DiscordMessage, CancellationToken, ValueTask> handler, ILogger logger, Action onFailure, Action<MessageSubscription> onDispose)
    {
        Interest = interest;
        _handler = handler;
        _logger = logger;
        _onFailure = onFailure;
        _onDispose = onDispose;
        Completion = Task.Run(RunAsync);
    }

    public MessageInterest Interest { get; }

    public Task Completion { get; }

    public bool Wants(MessageInterest kinds) => Interest == MessageInterest.All || (Interest & kinds) != 0;

    public ValueTask PostAsync(DiscordMessage message, CancellationToken cancellationToken)
    {
        if (_queue.Writer.TryWrite(message)) return ValueTask.CompletedTask;
        return _disposed != 0 ? ValueTask.CompletedTask : WriteSlowAsync(message, cancellationToken);
    }

    private async ValueTask WriteSlowAsync(DiscordMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(message, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            // Unsubscribed while waiting.
        }
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
