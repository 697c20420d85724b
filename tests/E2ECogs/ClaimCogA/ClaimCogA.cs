using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;

namespace ClaimCogA;

/// <summary>Registers <c>!claim</c>; ClaimCogA and ClaimCogB both do, so the second to load must fail with a clear error.</summary>
public sealed class ClaimCogA : ICog
{
    public string Name => "ClaimA";

    public ValueTask StartAsync(ICogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Commands.Add(new CommandDefinition("claim", "Says which cog owns the name.", (c, ct) => new ValueTask(c.ReplyAsync("claimed by ClaimA", ct))));
        return ValueTask.CompletedTask;
    }

    public ValueTask StopAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
