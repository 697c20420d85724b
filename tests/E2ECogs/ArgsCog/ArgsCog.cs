using System.Globalization;
using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;

namespace ArgsCog;

/// <summary>
/// One command with every argument shape the end-to-end tests parse through the real dispatcher:
/// <c>!repeat &lt;times:integer&gt; &lt;word&gt; [rest...]</c>. It answers with the values it received, so a test can
/// see exactly what the framework parsed.
/// </summary>
public sealed class ArgsCog : ICog
{
    public string Name => "Args";

    public ValueTask StartAsync(ICogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Commands.Add(new CommandDefinition("repeat", "Repeats a word.", RepeatAsync)
        {
            Aliases = ["rep"],
            Parameters =
            [
                new("times", CommandParameterType.Integer, "How many times."),
                new("word", CommandParameterType.String, "The word, or a \"quoted phrase\"."),
                new("rest", CommandParameterType.Remainder, "Anything else, verbatim.") { IsOptional = true, DefaultValue = "(none)" },
            ],
        });
        return ValueTask.CompletedTask;
    }

    public ValueTask StopAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    private static async ValueTask RepeatAsync(ICommandContext command, CancellationToken cancellationToken)
    {
        long times = command.Get<long>("times");
        string word = command.Get<string>("word");
        string rest = command.Get<string>("rest");
        await command.ReplyAsync(string.Create(CultureInfo.InvariantCulture, $"times={times} word=[{word}] rest=[{rest}]"), cancellationToken);
    }
}
