using AndyAI.Discord.Gateway;
using AndyAI.Discord.Tests.Fakes;
using AndyAI.Discord.Tests.Gateway;

namespace AndyAI.Discord.Tests.Interactions;

public class InteractionGatewayTests
{
    private const string Interaction = """{"id":"500","application_id":"42","type":2,"token":"tok","channel_id":"200","guild_id":"100","member":{"user":{"id":"7","username":"alice"},"roles":[]},"data":{"id":"9","name":"ping","type":1}}""";

    [Test]
    public async Task InteractionCreate_IsParsedAndQueued()
    {
        await using var h = new ShardHarness();
        FakeGatewayConnection connection = await h.ConnectReadyAsync();

        connection.Dispatch("INTERACTION_CREATE", 2, Interaction);
        GatewayEvent e = await h.NextEventAsync(GatewayEventKind.InteractionCreate);

        Assert.That(e.Interaction!.Id, Is.EqualTo(500UL));
        Assert.That(e.Interaction.Token, Is.EqualTo("tok"));
        Assert.That(e.Interaction.Data!.Name, Is.EqualTo("ping"));
        Assert.That(Interlocked.Read(ref h.State.InteractionsSeen), Is.EqualTo(1));
        Assert.That(Interlocked.Read(ref h.State.MessagesSeen), Is.Zero, "interactions do not touch the message counters");
    }

    [TestCase("""{"id":"not-a-snowflake","application_id":"42","type":2,"token":"tok"}""")]
    [TestCase("""{"id":"500","application_id":"42","type":2}""")]
    public async Task UnreadableInteraction_IsSkippedAndTheConnectionKept(string data)
    {
        await using var h = new ShardHarness();
        FakeGatewayConnection connection = await h.ConnectReadyAsync();

        connection.Dispatch("INTERACTION_CREATE", 2, data);
        connection.Dispatch("MESSAGE_CREATE", 3, GatewayShardTests.Message(1000));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        GatewayEvent next = await h.Events.Reader.ReadAsync(timeout.Token);

        Assert.That(next.Kind, Is.EqualTo(GatewayEventKind.MessageCreate), "nothing was queued for the unreadable interaction");
        Assert.That(next.Message!.Id, Is.EqualTo(1000UL));
        Assert.That(h.Shard.Status, Is.EqualTo(GatewayShardStatus.Ready), "one bad interaction says nothing about the stream");
    }
}
