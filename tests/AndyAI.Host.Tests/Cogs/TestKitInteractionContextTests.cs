using AndyAI.Abstractions.Discord;
using AndyAI.Abstractions.Interactions;
using AndyAI.Discord.Interactions;
using AndyAI.Host.Interactions;
using AndyAI.Host.Tests.Fakes;

namespace AndyAI.Host.Tests.Cogs;

/// <summary>
/// The test kit's <see cref="AndyAI.Testing.FakeInteractionContext"/> refuses the answers the host's
/// <see cref="InteractionSession"/> refuses (a modal after a defer, a follow-up before the first answer), with the
/// same message, so a cog's unit test cannot pass where the bot would throw.
/// </summary>
public sealed class TestKitInteractionContextTests
{
    private static readonly InteractionModal Modal = new("note", "Note", [new ModalTextInput("text", "Text")]);

    private static InteractionSession Host(InteractionType type) => new(new FakeInteractionClient(), new DiscordInteraction
    {
        Id = 1,
        ApplicationId = 2,
        Type = type,
        Token = "token",
        User = new DiscordUser(1001, "alice", false),
        CommandName = type == InteractionType.ApplicationCommand ? "order" : null,
        CustomId = type == InteractionType.ApplicationCommand ? null : "Kitchen:note",
        Options = [],
        GuildId = 10,
        ChannelId = 20,
    }, "Kitchen", type == InteractionType.ApplicationCommand ? null : "note", callerIsOwner: false);

    private static AndyAI.Testing.FakeInteractionContext Kit(InteractionKind kind) => new() { Kind = kind, CustomId = kind == InteractionKind.Command ? null : "note" };

    [TestCase(InteractionType.ApplicationCommand, InteractionKind.Command)]
    [TestCase(InteractionType.MessageComponent, InteractionKind.Component)]
    public async Task OpenModalAsync_AfterADefer_ThrowsAsTheHostDoes(InteractionType type, InteractionKind kind)
    {
        InteractionSession host = Host(type);
        AndyAI.Testing.FakeInteractionContext kit = Kit(kind);
        await host.DeferAsync();
        await kit.DeferAsync();

        string hostSays = (await Assert.ThrowsAsync<InvalidOperationException>(() => host.OpenModalAsync(Modal)))!.Message;
        string kitSays = (await Assert.ThrowsAsync<InvalidOperationException>(() => kit.OpenModalAsync(Modal)))!.Message;

        Assert.That(kitSays, Is.EqualTo(hostSays));
        Assert.That(kit.Modals, Is.Empty);
    }

    [Test]
    public async Task OpenModalAsync_OnAModalSubmit_ThrowsAsTheHostDoes()
    {
        string hostSays = (await Assert.ThrowsAsync<InvalidOperationException>(() => Host(InteractionType.ModalSubmit).OpenModalAsync(Modal)))!.Message;
        string kitSays = (await Assert.ThrowsAsync<InvalidOperationException>(() => Kit(InteractionKind.ModalSubmit).OpenModalAsync(Modal)))!.Message;

        Assert.That(kitSays, Is.EqualTo(hostSays));
    }

    [Test]
    public async Task SendFollowUpAsync_BeforeTheFirstAnswer_ThrowsAsTheHostDoes()
    {
        string hostSays = (await Assert.ThrowsAsync<InvalidOperationException>(() => Host(InteractionType.ApplicationCommand).SendFollowUpAsync(InteractionReply.Public("more"))))!.Message;
        string kitSays = (await Assert.ThrowsAsync<InvalidOperationException>(() => Kit(InteractionKind.Command).SendFollowUpAsync(InteractionReply.Public("more"))))!.Message;

        Assert.That(kitSays, Is.EqualTo(hostSays));
    }

    [Test]
    public async Task SendFollowUpAsync_WhileTheDeferIsShowing_ThrowsAsTheHostDoes()
    {
        InteractionSession host = Host(InteractionType.ApplicationCommand);
        AndyAI.Testing.FakeInteractionContext kit = Kit(InteractionKind.Command);
        await host.DeferAsync();
        await kit.DeferAsync();

        string hostSays = (await Assert.ThrowsAsync<InvalidOperationException>(() => host.SendFollowUpAsync(InteractionReply.Public("more"))))!.Message;
        string kitSays = (await Assert.ThrowsAsync<InvalidOperationException>(() => kit.SendFollowUpAsync(InteractionReply.Public("more"))))!.Message;

        Assert.That(kitSays, Is.EqualTo(hostSays));
    }

    [Test]
    public async Task SendFollowUpAsync_AfterTheDeferWasReplaced_SendsInBoth()
    {
        InteractionSession host = Host(InteractionType.ApplicationCommand);
        AndyAI.Testing.FakeInteractionContext kit = Kit(InteractionKind.Command);
        await host.DeferAsync();
        await kit.DeferAsync();
        await host.EditOriginalAsync(InteractionReply.Public("first"));
        await kit.EditOriginalAsync(InteractionReply.Public("first"));

        await Assert.DoesNotThrowAsync(() => host.SendFollowUpAsync(InteractionReply.Public("more")));
        await Assert.DoesNotThrowAsync(() => kit.SendFollowUpAsync(InteractionReply.Public("more")));
    }

    [Test]
    public void MentionableSelect_TheKitResolvesThePicksAsTheHostDoes()
    {
        var host = new InteractionSession(new FakeInteractionClient(), new DiscordInteraction
        {
            Id = 1, ApplicationId = 2, Type = InteractionType.MessageComponent, Token = "token", User = new DiscordUser(1001, "alice", false),
            CustomId = "Kitchen:notify", ComponentType = ComponentType.MentionableSelect, Values = ["8", "7", "6"], GuildId = 10, ChannelId = 20,
            Resolved = new InteractionResolved
            {
                Users = new Dictionary<ulong, DiscordUser> { [7] = new(7, "bob", false), [6] = new(6, "carol", false) },
                Roles = new Dictionary<ulong, ResolvedRole> { [8] = new(8, "Cooks", null) },
            },
        }, "Kitchen", "notify", callerIsOwner: false);
        var kit = new AndyAI.Testing.FakeInteractionContext { Kind = InteractionKind.Component, CustomId = "notify", SelectedValues = ["8", "7", "6"] };
        kit.Users[7] = new(7, "bob", false);
        kit.Users[6] = new(6, "carol", false);
        kit.Roles[8] = new(8, "Cooks");
        IInteractionContext hostSees = host, kitSees = kit;

        Assert.That(kitSees.SelectedUsers, Is.EqualTo(hostSees.SelectedUsers).And.Count.EqualTo(2));
        Assert.That(kitSees.SelectedRoles, Is.EqualTo(hostSees.SelectedRoles).And.EqualTo(new[] { new InteractionRole(8, "Cooks") }));
        Assert.That(kitSees.SelectedChannels, Is.Empty.And.EqualTo(hostSees.SelectedChannels));
        Assert.That(kit.SelectedUsers.Select(u => u.Username), Is.EqualTo(new[] { "bob", "carol" }), "readable from the fake's own type, as the docs write it");
    }

    [Test]
    public void Autocomplete_TheKitShowsTheOtherOptionsAsTheHostDoes()
    {
        Dictionary<string, object> hostOptions = InteractionRouter.FilledOptions(
        [
            new() { Name = "album", Type = ApplicationCommandOptionType.String, Value = "Abbey Road" },
            new() { Name = "disc", Type = ApplicationCommandOptionType.Integer, Value = 2L },
            new() { Name = "track", Type = ApplicationCommandOptionType.String, Value = "Come", IsFocused = true },
        ]);
        var kit = new AndyAI.Testing.FakeAutocompleteContext { CommandName = "play", OptionName = "track", Text = "Come" };
        kit.Options["album"] = "Abbey Road";
        kit.Options["disc"] = 2L;
        IAutocompleteContext kitSees = kit;

        Assert.That(kitSees.Options, Is.EquivalentTo(hostOptions));
        Assert.That((kit.GetOption<double>("disc"), kitSees.GetOption<long>("disc"), kit.GetOption<string>("track")), Is.EqualTo((2.0, 2L, "Come")));
        Assert.Throws<InvalidCastException>(() => kit.GetOption<long>("album"));
    }

    [Test]
    public void GetOption_AWholeNumberReadAsDouble_TheKitConvertsAsTheHostDoes()
    {
        // Discord sends a whole Number option (2.0) as the JSON integer 2, which the client reads as a long.
        var host = new InteractionSession(new FakeInteractionClient(), new DiscordInteraction
        {
            Id = 1, ApplicationId = 2, Type = InteractionType.ApplicationCommand, Token = "token", User = new DiscordUser(1001, "alice", false),
            CommandName = "scale", GuildId = 10, ChannelId = 20,
            Options = [new() { Name = "factor", Type = ApplicationCommandOptionType.Number, Value = 2L }, new() { Name = "label", Type = ApplicationCommandOptionType.String, Value = "x" }],
        }, "Kitchen", null, callerIsOwner: false);
        var kit = new AndyAI.Testing.FakeInteractionContext { CommandName = "scale" };
        kit.Options["factor"] = 2L;
        kit.Options["label"] = "x";

        Assert.That((kit.GetOption<double>("factor"), kit.GetOption<double?>("factor")), Is.EqualTo((host.GetOption<double>("factor"), host.GetOption<double?>("factor"))));
        string hostSays = Assert.Throws<InvalidCastException>(() => host.GetOption<long>("label"))!.Message;
        string kitSays = Assert.Throws<InvalidCastException>(() => kit.GetOption<long>("label"))!.Message;
        Assert.That(kitSays, Is.EqualTo(hostSays));
    }

    [Test]
    public async Task ReplyAsync_WithComponentsTheBotCannotSend_ThrowsAsTheHostDoes()
    {
        InteractionReply sixMenus = new("Pick") { Components = [.. Enumerable.Range(0, 6).Select(i => InteractionComponent.UserSelect($"who:{i}"))] };
        InteractionReply longId = new("Press") { Components = [InteractionComponent.Button(new string('x', 95), "Go")] };   // 95 characters, 103 as "Kitchen:…"
        InteractionReply fiveRows = new("Fine") { Components = [InteractionComponent.Button("a", "A"), .. Enumerable.Range(0, 4).Select(i => InteractionComponent.RoleSelect($"r:{i}"))] };
        var kit = new AndyAI.Testing.FakeInteractionContext { CogName = "Kitchen" };

        foreach (InteractionReply refused in new[] { sixMenus, longId })
        {
            string hostSays = (await Assert.ThrowsAsync<ArgumentException>(() => Host(InteractionType.ApplicationCommand).ReplyAsync(refused)))!.Message;
            string kitSays = (await Assert.ThrowsAsync<ArgumentException>(() => kit.ReplyAsync(refused)))!.Message;
            Assert.That(kitSays, Is.EqualTo(hostSays));
        }

        string modalSays = (await Assert.ThrowsAsync<ArgumentException>(() => Host(InteractionType.ApplicationCommand).OpenModalAsync(new InteractionModal(new string('m', 95), "Note", [new ModalTextInput("text", "Text")]))))!.Message;
        Assert.That((await Assert.ThrowsAsync<ArgumentException>(() => kit.OpenModalAsync(new InteractionModal(new string('m', 95), "Note", [new ModalTextInput("text", "Text")]))))!.Message, Is.EqualTo(modalSays));
        Assert.That(kit.Replies, Is.Empty);
        await kit.ReplyAsync(fiveRows);
        Assert.That(kit.Replies, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ReplyAsync_SelectWithDefaultValues_KitRecordsWhatTheHostSends()
    {
        // Contract 1.7: the builder refuses bad defaults, in a cog's test as in the bot; good ones reach Discord as built.
        InteractionReply reply = new("Log where?") { Components = [InteractionComponent.ChannelSelect("where", [0]).WithDefaultValues(InteractionSelectDefault.Channel(20))] };
        var client = new FakeInteractionClient();
        var host = new InteractionSession(client, new DiscordInteraction
        {
            Id = 1, ApplicationId = 2, Type = InteractionType.ApplicationCommand, Token = "token", User = new DiscordUser(1001, "alice", false),
            CommandName = "log", Options = [], GuildId = 10, ChannelId = 20,
        }, "Kitchen", null, callerIsOwner: false);
        var kit = new AndyAI.Testing.FakeInteractionContext { CogName = "Kitchen" };

        await host.ReplyAsync(reply);
        await kit.ReplyAsync(reply);

        MessageComponent sent = client.Responses.Single().Message!.Components!.Single().Components!.Single();
        Assert.That(sent.DefaultValues, Is.EqualTo(new[] { new SelectDefaultValue(20, SelectDefaultValueType.Channel) }));
        Assert.That(kit.Replies.Single().Reply.Components!.Single().DefaultValues, Is.EqualTo(new[] { InteractionSelectDefault.Channel(20) }));
        Assert.Throws<ArgumentException>(() => InteractionComponent.RoleSelect("r").WithDefaultValues(InteractionSelectDefault.User(7)));
    }
}
