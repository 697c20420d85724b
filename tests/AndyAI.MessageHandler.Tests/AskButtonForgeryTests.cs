using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Interactions;
using AndyAI.Cogs.MessageHandler.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Cogs.MessageHandler.Tests;

/// <summary>
/// <c>/ask</c>'s buttons carry the asker's id and the answer's id (<c>ask:regen:&lt;asker&gt;:&lt;id&gt;</c>); the id of
/// a public answer is visible to everyone, so a custom id crafted from it with the presser's own id must reach
/// nothing: the answer behind the id must be the presser's too.
/// </summary>
public sealed class AskButtonForgeryTests : RunningCogFixture
{
    [Test]
    public async Task Regenerate_WithAnotherUsersAnswerIdAndThePressersOwnId_HasExpired()
    {
        (_, FakeCogContext context) = await StartCogAsync();
        var alices = new FakeInteractionContext { CommandName = "ask", Id = 701, GuildId = Ids.Guild, ChannelId = Ids.Channel, User = new DiscordUser(Ids.Alice, "alice", false) };
        alices.Options["prompt"] = "alice's question";
        await context.FakeInteractions["ask"].Handler(alices, CancellationToken.None);
        string regenerate = alices.Replies[^1].Reply.Components!.Single().CustomId!;
        string answerId = regenerate.Split(':')[3];
        int asked = context.FakeLlm.Requests.Count;

        var forged = new FakeInteractionContext
        {
            CustomId = $"{AskCommand.ButtonPrefix}regen:{Ids.Bob}:{answerId}", GuildId = Ids.Guild, ChannelId = Ids.Channel, User = new DiscordUser(Ids.Bob, "bob", false),
        };
        await context.FakeInteractions.ComponentHandlers[AskCommand.ButtonPrefix](forged, CancellationToken.None);

        Assert.That(forged.Replies.Single().Reply, Is.EqualTo(InteractionReply.Private(UserMessages.ButtonExpired)));
        Assert.That(context.FakeLlm.Requests, Has.Count.EqualTo(asked), "nothing was asked again for bob");
    }

    [Test]
    public void TryStop_AnotherUsersStreamingAnswer_DoesNotStopIt()
    {
        var states = new AskStates(null, new FakeTimeProvider(), NullLogger.Instance);
        using var alices = new CancellationTokenSource();
        states.StartStreaming("0123456789ab", Ids.Alice, alices);

        bool stoppedByBob = states.TryStop("0123456789ab", Ids.Bob);
        bool stoppedByAlice = states.TryStop("0123456789ab", Ids.Alice);

        Assert.That((stoppedByBob, stoppedByAlice, alices.IsCancellationRequested), Is.EqualTo((false, true, true)));
    }
}
