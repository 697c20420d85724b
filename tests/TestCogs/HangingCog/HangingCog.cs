using AndyAI.Abstractions;

namespace HangingCog;

/// <summary>Never finishes starting, and ignores the cancellation token while it hangs.</summary>
public sealed class HangingCog : ICog
{
    public string Name => "Hanging";

    public async ValueTask StartAsync(ICogContext context, CancellationToken cancellationToken)
    {
        await new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously).Task;
    }

    public ValueTask StopAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
