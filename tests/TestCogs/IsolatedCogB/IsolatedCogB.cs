using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;
using AndyAI.TestSharedLib;

namespace IsolatedCogB;

/// <summary>Answers <c>!whichlib-b</c> with the version of AndyAI.TestSharedLib it sees (built against v2).</summary>
public sealed class IsolatedCogB : ICog
{
    public string Name => "IsolatedB";

    public ValueTask StartAsync(ICogContext context, CancellationToken cancellationToken)
    {
        context.Commands.Add(new CommandDefinition("whichlib-b", "Says which shared library version it runs with.",
            (c, ct) => new ValueTask(c.ReplyAsync($"{Greeting.Text} ({typeof(Greeting).Assembly.GetName().Version})", ct))));
        return ValueTask.CompletedTask;
    }

    public ValueTask StopAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
