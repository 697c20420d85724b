using AndyAI.Abstractions;

namespace IncompatibleContractCog;

/// <summary>A cog built against contract 2.0: the host (contract 1.x) must refuse it with a message saying so.</summary>
public sealed class IncompatibleContractCog : ICog
{
    public string Name => "IncompatibleContract";

    public ValueTask StartAsync(ICogContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask StopAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
