using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;
using AndyAI.TestSharedLib;

namespace IsolatedCogA;

/// <summary>Answers <c>!whichlib-a</c> with the version of AndyAI.TestSharedLib it sees (built against v1).</summary>
public sealed class IsolatedCogA : ICog
{
    public string Name => "IsolatedA";

    public ValueTask StartAsync(ICogContext context, CancellationToken cancellationToken)
    {
        context.Commands.Add(new CommandDefinition("whichlib-a", "Says which shared library version it runs with.",
            (c, ct) => new ValueTask(c.ReplyAsync($"{Greeting.Text} ({typeof(Greeting).Assembly.GetName().Version})", ct))));
        return ValueTask.CompletedTask;
    }

    public ValueTask StopAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
