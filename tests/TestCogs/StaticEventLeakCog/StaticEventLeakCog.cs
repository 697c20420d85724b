using AndyAI.Abstractions;

namespace StaticEventLeakCog;

/// <summary>Subscribes to a process-wide static event and never unsubscribes: the event roots the cog's code.</summary>
public sealed class StaticEventLeakCog : ICog
{
    private int _exits;

    public string Name => "StaticEventLeak";

    public ValueTask StartAsync(ICogContext context, CancellationToken cancellationToken)
    {
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        return ValueTask.CompletedTask;
    }

    private void OnProcessExit(object? sender, EventArgs e) => _exits++;

    public ValueTask StopAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
