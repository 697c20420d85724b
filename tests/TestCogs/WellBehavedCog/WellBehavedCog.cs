using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Http;

namespace WellBehavedCog;

/// <summary>
/// Does what a good cog does: registers a command and an HTTP route, runs a timer and a background loop, and stops
/// all of them in StopAsync. It must always unload (the host drops the route's handler, which holds its code).
/// </summary>
public sealed class WellBehavedCog : ICog
{
    private ITimer? _timer;
    private CancellationTokenSource? _loopStop;
    private Task? _loop;
    private long _ticks;

    public string Name => "WellBehaved";

    public ValueTask StartAsync(ICogContext context, CancellationToken cancellationToken)
    {
        string greeting = context.Settings.TryGetProperty("greeting", out var g) ? g.GetString() ?? "hello" : "hello";
        context.Commands.Add(new CommandDefinition("hello", "Greets.", (c, ct) => new ValueTask(c.ReplyAsync(greeting, ct))));
        context.Commands.Add(new CommandDefinition("boom", "Throws.", (_, _) => throw new InvalidOperationException("boom from a handler")));
        context.Http.Map("GET", "hello", (_, _) => ValueTask.FromResult(CogHttpResponse.Text(greeting + " over HTTP")));
        _timer = context.Time.CreateTimer(_ => Interlocked.Increment(ref _ticks), null, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10));
        _loopStop = CancellationTokenSource.CreateLinkedTokenSource(context.Unloading);
        _loop = RunLoopAsync(context.Time, _loopStop.Token);
        File.WriteAllText(Path.Combine(context.DataDirectory, "started.txt"), greeting);
        return ValueTask.CompletedTask;
    }

    private async Task RunLoopAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken);
                Interlocked.Increment(ref _ticks);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask StopAsync(CancellationToken cancellationToken)
    {
        if (_timer is not null) await _timer.DisposeAsync();
        _loopStop?.Cancel();
        if (_loop is not null) await _loop;
        _loopStop?.Dispose();
    }
}
