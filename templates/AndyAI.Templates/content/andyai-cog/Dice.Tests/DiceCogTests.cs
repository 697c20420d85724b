using AndyAI.Testing;

namespace Dice.Tests;

/// <summary>The cog against AndyAI.Testing's fakes: no bot, no Discord, no model.</summary>
public sealed class DiceCogTests
{
    // The cog's name, as the bot takes it from ICog.Name: the fakes put it where the bot does (custom ids are
    // "<Cog>:<id>", routes live under /cogs/<Cog>/), so their length and path checks match the bot's.
    private static FakeCogContext NewContext() => new() { CogName = new DiceCog().Name };

    [Test]
    public async Task Roll_SixSidedByDefault_RepliesWithANumberFromOneToSix()
    {
        using FakeCogContext context = NewContext();
        var cog = new DiceCog();
        await cog.StartAsync(context, CancellationToken.None);
        var invocation = new FakeCommandContext(new Dictionary<string, object?> { ["sides"] = 6L });

        await context.FakeCommands["roll"].Handler(invocation, CancellationToken.None);

        Assert.That(invocation.Replies, Has.Count.EqualTo(1));
        Assert.That(invocation.Replies[0], Does.Match(@"^🎲 [1-6] \(d6\)$"));
        await cog.StopAsync(CancellationToken.None);
    }

    [Test]
    public async Task Roll_OneSide_IsRefused()
    {
        using FakeCogContext context = NewContext();
        var cog = new DiceCog();
        await cog.StartAsync(context, CancellationToken.None);
        var invocation = new FakeCommandContext(new Dictionary<string, object?> { ["sides"] = 1L });

        await context.FakeCommands["roll"].Handler(invocation, CancellationToken.None);

        Assert.That(invocation.Replies, Is.EqualTo(new[] { "A die has 2 to 1000 sides." }));
    }
}
