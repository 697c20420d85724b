using AndyAI.Abstractions;

namespace NewerMinorContractCog;

/// <summary>A cog built against contract 1.99: a 1.0 host must refuse it (it may use members the host lacks) with a message saying so.</summary>
public sealed class NewerMinorContractCog : ICog
{
    public string Name => "NewerMinorContract";

    public ValueTask StartAsync(ICogContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask StopAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
