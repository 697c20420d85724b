using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Interactions;

namespace AndyAI.Samples.Dice.Tests;

/// <summary>The Dice sample against AndyAI.Testing's fakes, as a cog author would test it.</summary>
public sealed class DiceCogTests
{
    private static async Task<(DiceCog Cog, FakeCogContext Context)> StartAsync()
    {
        var context = new FakeCogContext();
        var cog = new DiceCog();
        await cog.StartAsync(context, CancellationToken.None);
        return (cog, context);
    }

    [Test]
    public async Task SlashRoll_TwoD20_RepliesWithBothDiceAndTheSum()
    {
        (DiceCog cog, FakeCogContext context) = await StartAsync();
        var interaction = new FakeInteractionContext { CommandName = "roll" };
        interaction.Options["sides"] = 20L;
        interaction.Options["count"] = 2L;

        await context.FakeInteractions["roll"].Handler(interaction, CancellationToken.None);

        Assert.That(interaction.Replies.Single().Reply.Content, Does.Match(@"^🎲 \d+ \+ \d+ = \d+ \(2d20\)$"));
        Assert.That(interaction.Replies.Single().Reply.Ephemeral, Is.False);
        await cog.StopAsync(CancellationToken.None);
        context.Dispose();
    }

    [Test]
    public async Task SlashRoll_SidesOption_AutocompletesTheUsualDice()
    {
        (_, FakeCogContext context) = await StartAsync();
        SlashCommandOption sides = context.FakeInteractions["roll"].Options.Single(o => o.Name == "sides");

        IReadOnlyList<SlashChoice> forOne = await sides.Autocomplete!(Typing("1"), CancellationToken.None);
        IReadOnlyList<SlashChoice> forD2 = await sides.Autocomplete!(Typing("d2"), CancellationToken.None);

        Assert.That(forOne.Select(c => c.Name), Is.EqualTo(new[] { "d10", "d12", "d100" }));
        Assert.That(forD2.Select(c => (c.Name, c.Value)), Is.EqualTo(new[] { ("d20", (object)20L) }));
        context.Dispose();
    }

    [TestCase(6L, 1L, @"^🎲 [1-6] \(d6\)$")]
    [TestCase(1L, 1L, "^A die has 2 to 1000 sides\\.$")]
    [TestCase(6L, 21L, "^Roll 1 to 20 dice at a time\\.$")]
    public async Task PrefixRoll_SharesTheSlashCommandsRules(long sides, long count, string expected)
    {
        (_, FakeCogContext context) = await StartAsync();
        var invocation = new FakeCommandContext(new Dictionary<string, object?> { ["sides"] = sides, ["count"] = count });

        await context.FakeCommands["roll"].Handler(invocation, CancellationToken.None);

        Assert.That(invocation.Replies.Single(), Does.Match(expected));
        context.Dispose();
    }

    private static FakeAutocompleteContext Typing(string text) => new() { CommandName = "roll", OptionName = "sides", Text = text };
}
