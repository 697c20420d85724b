using System.Globalization;
using System.Security.Cryptography;
using AndyAI.Abstractions;
using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Interactions;

namespace AndyAI.Samples.Dice;

/// <summary>
/// The sample of a cog with a slash command and its prefix alias: <c>/roll sides:20 count:2</c> (the sides option
/// autocompletes the usual dice) and <c>!roll 20 2</c> share one implementation. Everything is registered through
/// the context, so the host removes it at unload; the cog keeps no state at all.
/// </summary>
public sealed class DiceCog : ICog
{
    internal const int MaxSides = 1000;
    internal const int MaxCount = 20;

    /// <summary>The dice players reach for, offered while the sides option is typed.</summary>
    internal static readonly int[] CommonSides = [4, 6, 8, 10, 12, 20, 100];

    /// <inheritdoc />
    public string Name => "Dice";

    /// <inheritdoc />
    public ValueTask StartAsync(ICogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Interactions.AddCommand(new SlashCommandDefinition("roll", "Rolls dice.", RollSlashAsync)
        {
            Options =
            [
                new SlashCommandOption("sides", SlashOptionType.Integer, "How many sides each die has")
                {
                    Required = true,
                    MinValue = 2,
                    MaxValue = MaxSides,
                    Autocomplete = SuggestSidesAsync,
                },
                new SlashCommandOption("count", SlashOptionType.Integer, "How many dice (1 by default)") { MinValue = 1, MaxValue = MaxCount },
            ],
        });
        context.Commands.Add(new CommandDefinition("roll", "Rolls dice: !roll [sides] [count].", RollPrefixAsync)
        {
            Parameters =
            [
                new CommandParameter("sides", CommandParameterType.Integer, "How many sides (6 by default)") { IsOptional = true, DefaultValue = 6L },
                new CommandParameter("count", CommandParameterType.Integer, "How many dice (1 by default)") { IsOptional = true, DefaultValue = 1L },
            ],
        });
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask StopAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>The text of one roll, or why there is none.</summary>
    internal static string Roll(long sides, long count)
    {
        if (sides is < 2 or > MaxSides) return $"A die has 2 to {MaxSides} sides.";
        if (count is < 1 or > MaxCount) return $"Roll 1 to {MaxCount} dice at a time.";
        long[] rolls = new long[count];
        for (int i = 0; i < rolls.Length; i++) rolls[i] = RandomNumberGenerator.GetInt32(1, (int)sides + 1);
        return count == 1
            ? string.Create(CultureInfo.InvariantCulture, $"🎲 {rolls[0]} (d{sides})")
            : string.Create(CultureInfo.InvariantCulture, $"🎲 {string.Join(" + ", rolls)} = {rolls.Sum()} ({count}d{sides})");
    }

    private static ValueTask<IReadOnlyList<SlashChoice>> SuggestSidesAsync(IAutocompleteContext typing, CancellationToken cancellationToken)
    {
        string typed = typing.Text.Trim().TrimStart('d', 'D');
        IReadOnlyList<SlashChoice> choices = [.. CommonSides
            .Where(sides => sides.ToString(CultureInfo.InvariantCulture).StartsWith(typed, StringComparison.Ordinal))
            .Select(sides => new SlashChoice(string.Create(CultureInfo.InvariantCulture, $"d{sides}"), (long)sides))];
        return ValueTask.FromResult(choices);
    }

    private static async ValueTask RollSlashAsync(IInteractionContext interaction, CancellationToken cancellationToken) =>
        await interaction.ReplyAsync(InteractionReply.Public(Roll(interaction.GetOption<long>("sides"), interaction.GetOption<long?>("count") ?? 1)), cancellationToken);

    private static async ValueTask RollPrefixAsync(ICommandContext command, CancellationToken cancellationToken) =>
        await command.ReplyAsync(Roll(command.Get<long>("sides"), command.Get<long>("count")), cancellationToken);
}
