using AndyAI.Abstractions.Discord;

namespace AndyAI.Samples.Relay.Tests;

/// <summary>The Relay sample against AndyAI.Testing's fakes: routes from settings, what is relayed and what never is.</summary>
public sealed class RelayCogTests
{
    private const ulong From = 10;
    private const ulong To = 20;

    private static async Task<(RelayCog Cog, FakeCogContext Context)> StartAsync(string settings = """{ "routes": [ { "from": "10", "to": "20" } ], "maxLength": 40 }""")
    {
        var context = new FakeCogContext(settings);
        var cog = new RelayCog();
        await cog.StartAsync(context, CancellationToken.None);
        return (cog, context);
    }

    private static DiscordMessage Message(ulong channel, string content, bool bot = false, bool webhook = false) => new()
    {
        Id = 77,
        ChannelId = channel,
        GuildId = 1,
        Author = new DiscordUser(bot ? 1UL : 1001UL, bot ? "AndyAI" : "alice", bot),
        IsWebhook = webhook,
        Content = content,
    };

    [Test]
    public async Task MessageInARoutesChannel_IsPostedInItsTarget_CutToMaxLength()
    {
        (_, FakeCogContext context) = await StartAsync();

        await context.Bot.DeliverAsync(Message(From, "hello there, this is a rather long message that goes on"));

        SentMessage relayed = context.Bot.Sent.Single();
        Assert.That(relayed.ChannelId, Is.EqualTo(To));
        Assert.That(relayed.Content, Is.EqualTo($"**alice** in <#{From}>: hello there, this is a rather long mess…"));
        Assert.That(relayed.Message.MentionUsers, Is.Empty, "relayed text never pings");
        context.Dispose();
    }

    [Test]
    public async Task BotsWebhooksOtherChannelsAndEmptyMessages_AreNotRelayed()
    {
        (_, FakeCogContext context) = await StartAsync("""{ "routes": [ { "from": 10, "to": 20 }, { "from": 20, "to": 10 } ] }""");

        await context.Bot.DeliverAsync(Message(From, "from the bot itself", bot: true));
        await context.Bot.DeliverAsync(Message(From, "from a webhook", webhook: true));
        await context.Bot.DeliverAsync(Message(30, "elsewhere"));
        await context.Bot.DeliverAsync(Message(From, "   "));

        Assert.That(context.Bot.Sent, Is.Empty, "two routes in opposite directions cannot loop: the bot's posts are skipped");
        context.Dispose();
    }

    [Test]
    public async Task Relays_ListsTheRoutesAndCountsWithHumanizer()
    {
        (_, FakeCogContext context) = await StartAsync();
        await context.Bot.DeliverAsync(Message(From, "one"));
        await context.Bot.DeliverAsync(Message(From, "two"));
        context.Clock.Advance(TimeSpan.FromHours(3));
        var command = new FakeCommandContext();

        await context.FakeCommands["relays"].Handler(command, CancellationToken.None);

        Assert.That(command.Replies.Single(), Is.EqualTo($"Relaying 1 route: <#{From}> → <#{To}>. 2 messages relayed since <t:{FakeCogContext.DefaultStart.ToUnixTimeSeconds()}:R>."));
        context.Dispose();
    }

    [Test]
    public async Task NoRoutes_SubscribesToNothing_AndSaysHowToConfigureIt()
    {
        (_, FakeCogContext context) = await StartAsync("{}");
        var command = new FakeCommandContext();

        await context.FakeCommands["relays"].Handler(command, CancellationToken.None);

        Assert.That(context.Bot.IsSubscribed, Is.False, "no routes, no reason to parse every message");
        Assert.That(command.Replies.Single(), Is.EqualTo("No relays are configured (Relay's `routes` in plugins.json)."));
        context.Dispose();
    }

    [TestCase("""{ "routes": [ { "from": "10", "to": "10" } ] }""", "needs two different channel ids")]
    [TestCase("""{ "routes": [ { "from": "ten", "to": "20" } ] }""", "Relay's settings in plugins.json are not valid")]
    [TestCase("""{ "maxLength": 5 }""", "maxLength must be 20 to 1800 characters, not 5")]
    [TestCase("""{ "route": [] }""", "Relay's settings in plugins.json are not valid")]
    public void BadSettings_FailTheLoadNamingWhatIsWrong(string settings, string expected)
    {
        using var context = new FakeCogContext(settings);

        Assert.That(async () => await new RelayCog().StartAsync(context, CancellationToken.None),
            Throws.InvalidOperationException.With.Message.Contains(expected));
    }
}
