using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;

namespace Dice;

/// <summary>
/// A cog: <c>!roll [sides]</c> rolls a die. Everything it registers through its context is removed by the host when
/// it unloads; keep no static state, so it unloads cleanly.
/// </summary>
public sealed class DiceCog : ICog
{
    /// <inheritdoc />
    public string Name => "Dice";

    /// <inheritdoc />
    public ValueTask StartAsync(ICogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Commands.Add(new CommandDefinition("roll", "Rolls a die.", RollAsync)
        {
            Parameters = [new CommandParameter("sides", CommandParameterType.Integer, "How many sides (2 to 1000)") { IsOptional = true, DefaultValue = 6L }],
        });
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask StopAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    private static async ValueTask RollAsync(ICommandContext command, CancellationToken cancellationToken)
    {
        long sides = command.Get<long>("sides");
        if (sides is < 2 or > 1000)
        {
            await command.ReplyAsync("A die has 2 to 1000 sides.", cancellationToken);
            return;
        }

        long roll = Random.Shared.NextInt64(1, sides + 1);
        await command.ReplyAsync($"🎲 {roll} (d{sides})", cancellationToken);
    }
}
