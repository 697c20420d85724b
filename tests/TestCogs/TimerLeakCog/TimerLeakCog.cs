using AndyAI.Abstractions;

namespace TimerLeakCog;

/// <summary>Starts a timer whose callback is one of its own methods and never disposes it: the runtime's timer
/// queue keeps the callback, and so the cog's code, alive.</summary>
public sealed class TimerLeakCog : ICog
{
    private Timer? _timer;
    private long _ticks;

    public string Name => "TimerLeak";

    public ValueTask StartAsync(ICogContext context, CancellationToken cancellationToken)
    {
        _timer = new Timer(Tick, null, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(5));
        return ValueTask.CompletedTask;
    }

    private void Tick(object? state) => Interlocked.Increment(ref _ticks);

    public ValueTask StopAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
