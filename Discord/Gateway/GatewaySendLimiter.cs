namespace AndyAI.Discord.Gateway;

/// <summary>
/// Keeps one connection under Discord's 120 sends per 60 s (which closes with 4008): at most 115 in any sliding
/// 60 s window, of which the last few are reserved for heartbeats so a burst of commands never starves them.
/// </summary>
internal sealed class GatewaySendLimiter(TimeProvider time, int limit = 115, int heartbeatReserve = 5)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    private readonly Queue<long> _sent = new();
    private readonly Lock _gate = new();

    public async ValueTask WaitAsync(bool isHeartbeat, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                long now = time.GetTimestamp();
                while (_sent.Count > 0 && time.GetElapsedTime(_sent.Peek(), now) >= Window) _sent.Dequeue();
                int cap = isHeartbeat ? limit : limit - heartbeatReserve;
                if (_sent.Count < cap)
                {
                    _sent.Enqueue(now);
                    return;
                }

                wait = Window - time.GetElapsedTime(_sent.Peek(), now);
            }

            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), time, cancellationToken);
        }
    }
}
