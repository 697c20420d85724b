using AndyAI.Testing;

namespace Dice.Tests;

/// <summary>The cog against AndyAI.Testing's fakes: no bot, no Discord, no model.</summary>
public sealed class DiceCogTests
{
    [Test]
    public async Task Roll_SixSidedByDefault_RepliesWithANumberFromOneToSix()
    {
        using var context = new FakeCogContext();
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
        using var context = new FakeCogContext();
        var cog = new DiceCog();
        await cog.StartAsync(context, CancellationToken.None);
        var invocation = new FakeCommandContext(new Dictionary<string, object?> { ["sides"] = 1L });

        await context.FakeCommands["roll"].Handler(invocation, CancellationToken.None);

        Assert.That(invocation.Replies, Is.EqualTo(new[] { "A die has 2 to 1000 sides." }));
    }
}
