using Microsoft.Extensions.Logging;

namespace AndyAI.Discord.Hosting;

/// <summary>Keeps the typing indicator up: one trigger now, then one every 8 s (it lasts 10 s) until disposed.</summary>
internal sealed class TypingScope : IAsyncDisposable
{
    public static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(8);

    private readonly CancellationTokenSource _cts = new();
    private readonly Task _loop;

    public TypingScope(Func<CancellationToken, Task> trigger, ulong channelId, TimeProvider time, ILogger logger)
    {
        _loop = RunAsync(trigger, channelId, time, logger, _cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cts.IsCancellationRequested) return;
        await _cts.CancelAsync();
        await _loop;
        _cts.Dispose();
    }

    private static async Task RunAsync(Func<CancellationToken, Task> trigger, ulong channelId, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await trigger(cancellationToken);
                }
                catch (AndyAI.Abstractions.Discord.DiscordApiException ex)
                {
                    // Discord's answer (a 5xx, a 429 over the cap, missing permissions) says it all; a stack trace every
                    // 8 s of every answer during a Discord incident would bury the log.
                    HostingLog.TypingRefused(logger, channelId, ex.HttpStatus, ex.Code, ex.DiscordMessage);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    HostingLog.TypingFailed(logger, channelId, ex);
                }

                await Task.Delay(RenewInterval, time, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }
}
