using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;

namespace ClaimCogB;

/// <summary>Registers <c>!claim</c>; ClaimCogA and ClaimCogB both do, so the second to load must fail with a clear error.</summary>
public sealed class ClaimCogB : ICog
{
    public string Name => "ClaimB";

    public ValueTask StartAsync(ICogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Commands.Add(new CommandDefinition("claim", "Says which cog owns the name.", (c, ct) => new ValueTask(c.ReplyAsync("claimed by ClaimB", ct))));
        return ValueTask.CompletedTask;
    }

    public ValueTask StopAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
