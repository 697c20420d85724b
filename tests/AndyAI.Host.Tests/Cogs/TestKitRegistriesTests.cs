using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Interactions;
using AndyAI.Commands;
using AndyAI.Host.Cogs;
using AndyAI.Host.Interactions;
using AndyAI.Host.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AndyAI.Host.Tests.Cogs;

/// <summary>
/// The test kit's registries (what cog authors test against) refuse what the host's refuse at a cog's start, so a
/// green unit test cannot hide a cog the bot will not load.
/// </summary>
public sealed class TestKitRegistriesTests
{
    private static readonly Func<ICommandContext, CancellationToken, ValueTask> NoOp = (_, _) => ValueTask.CompletedTask;

    private static IEnumerable<TestCaseData> BadCommands()
    {
        yield return new TestCaseData(new CommandDefinition("roll", "Rolls.", NoOp)
        {
            Parameters = [new("sides", CommandParameterType.Integer) { IsOptional = true, DefaultValue = 6 }],
        }).SetName("an Int32 default for an Integer parameter");
        yield return new TestCaseData(new CommandDefinition("Roll Dice", "Rolls.", NoOp)).SetName("a name with a capital and a space");
    }

    private static IEnumerable<TestCaseData> BadSlashCommands()
    {
        Func<IInteractionContext, CancellationToken, ValueTask> handler = (_, _) => ValueTask.CompletedTask;
        yield return new TestCaseData(new SlashCommandDefinition("Roll Dice", "Rolls.", handler)).SetName("slash: a name with a capital and a space");
        yield return new TestCaseData(new SlashCommandDefinition("roll", "", handler)).SetName("slash: no description");
        yield return new TestCaseData(new SlashCommandDefinition("roll", "Rolls.", handler)
        {
            Options = [new SlashCommandOption("count", SlashOptionType.Integer, "How many."), new SlashCommandOption("sides", SlashOptionType.Integer, "Sides.") { Required = true }],
        }).SetName("slash: a required option after an optional one");
    }

    [TestCaseSource(nameof(BadCommands))]
    public void FakeCommandRegistry_RefusesWhatTheHostRefuses(CommandDefinition command)
    {
        using ServiceProvider provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton<AndyAI.Abstractions.Discord.IDiscordBot>(new FakeDiscordBot())
            .AddAndyAICommands(new ConfigurationBuilder().Build())
            .BuildServiceProvider();
        var host = new CogCommandRegistry(provider.GetRequiredService<ICommandCatalog>(), "Dice", _ => { });

        string hostSays = Assert.Throws<ArgumentException>(() => host.Add(command))!.Message;
        string kitSays = Assert.Throws<ArgumentException>(() => new AndyAI.Testing.FakeCommandRegistry().Add(command))!.Message;

        Assert.That(kitSays, Is.EqualTo(hostSays));
    }

    [TestCaseSource(nameof(BadSlashCommands))]
    public void FakeInteractionRegistry_RefusesWhatTheHostRefuses(SlashCommandDefinition command)
    {
        var host = new CogInteractionRegistry(new InteractionTable(), "Dice", _ => { });

        string hostSays = Assert.Throws<ArgumentException>(() => host.AddCommand(command))!.Message;
        string kitSays = Assert.Throws<ArgumentException>(() => new AndyAI.Testing.FakeInteractionRegistry().AddCommand(command))!.Message;

        Assert.That(kitSays, Is.EqualTo(hostSays));
    }
    private static readonly Func<AndyAI.Abstractions.Interactions.IInteractionContext, CancellationToken, ValueTask> NoHandler = (_, _) => ValueTask.CompletedTask;

    private static IEnumerable<TestCaseData> BadHandlerPrefixes()
    {
        yield return new TestCaseData("").SetName("handler: an empty prefix");
        yield return new TestCaseData(new string('x', 95)).SetName("handler: a prefix too long once namespaced");
    }

    [TestCaseSource(nameof(BadHandlerPrefixes))]
    public void FakeInteractionRegistry_RefusesTheHandlerPrefixesTheHostRefuses(string prefix)
    {
        var host = new CogInteractionRegistry(new InteractionTable(), "Kitchen", _ => { });
        var kit = new AndyAI.Testing.FakeInteractionRegistry { CogName = "Kitchen" };

        string hostSays = Assert.Throws<ArgumentException>(() => host.AddComponentHandler(prefix, NoHandler))!.Message;
        string kitSays = Assert.Throws<ArgumentException>(() => kit.AddComponentHandler(prefix, NoHandler))!.Message;
        string hostSaysModal = Assert.Throws<ArgumentException>(() => host.AddModalHandler(prefix, NoHandler))!.Message;
        string kitSaysModal = Assert.Throws<ArgumentException>(() => kit.AddModalHandler(prefix, NoHandler))!.Message;

        Assert.That(kitSays, Is.EqualTo(hostSays));
        Assert.That(kitSaysModal, Is.EqualTo(hostSaysModal));
    }

    [Test]
    public void FakeInteractionRegistry_SamePrefixTwice_RefusedAsByTheHost()
    {
        var host = new CogInteractionRegistry(new InteractionTable(), "Kitchen", _ => { });
        var kit = new AndyAI.Testing.FakeInteractionRegistry { CogName = "Kitchen" };
        host.AddComponentHandler("order:", NoHandler);
        kit.AddComponentHandler("order:", NoHandler);

        string hostSays = Assert.Throws<ArgumentException>(() => host.AddComponentHandler("order:", NoHandler))!.Message;
        string kitSays = Assert.Throws<ArgumentException>(() => kit.AddComponentHandler("order:", NoHandler))!.Message;

        Assert.That(kitSays, Is.EqualTo(hostSays));
    }

    [Test]
    public void FakeCogContext_CogName_IsTheNamespaceOfItsCustomIds()
    {
        using var context = new AndyAI.Testing.FakeCogContext { CogName = "AVeryLongCogNameThatEatsTheBudget" };

        Assert.Throws<ArgumentException>(() => context.Interactions.AddComponentHandler(new string('x', 70), NoHandler));
        Assert.That(context.FakeInteractions.CogName, Is.EqualTo("AVeryLongCogNameThatEatsTheBudget"));
    }

    [Test]
    public async Task AutocompleteAsync_SuggestionsTheBotRefuses_ThrowWithTheBotsMessage_AndAtMost25AreKept()
    {
        var kit = new AndyAI.Testing.FakeInteractionRegistry { CogName = "Music" };
        string longAlbum = new('a', 100);
        kit.AddCommand(new SlashCommandDefinition("play", "Plays.", (_, _) => ValueTask.CompletedTask)
        {
            Options =
            [
                new SlashCommandOption("album", SlashOptionType.String, "Album") { Required = true },
                new SlashCommandOption("track", SlashOptionType.Integer, "Track")
                {
                    // Fine in a direct call; in the bot the name is over 100 characters once the album is long, and
                    // the bot then sends no suggestion at all.
                    Autocomplete = (typing, _) => ValueTask.FromResult<IReadOnlyList<SlashChoice>>(
                        [.. Enumerable.Range(1, 30).Select(n => new SlashChoice($"{typing.GetOption<string>("album")}: {n}", (long)n))]),
                },
            ],
        });
        var shortAlbum = new AndyAI.Testing.FakeAutocompleteContext { CommandName = "play", OptionName = "track", Text = "" };
        shortAlbum.Options["album"] = "Help";
        var typedLongAlbum = new AndyAI.Testing.FakeAutocompleteContext { CommandName = "play", OptionName = "track", Text = "" };
        typedLongAlbum.Options["album"] = longAlbum;

        IReadOnlyList<SlashChoice> sent = await kit.AutocompleteAsync(shortAlbum);
        string kitSays = (await Assert.ThrowsAsync<ArgumentException>(() => kit.AutocompleteAsync(typedLongAlbum)))!.Message;
        // What InteractionRouter runs on each suggestion before sending them.
        string hostSays = Assert.Throws<ArgumentException>(() => SlashCommandValidator.CheckChoice(new SlashChoice(longAlbum + ": 1", 1L), SlashOptionType.Integer, "/play option 'track'"))!.Message;

        Assert.That(sent, Has.Count.EqualTo(25));
        Assert.That(sent[0], Is.EqualTo(new SlashChoice("Help: 1", 1L)));
        Assert.That(kitSays, Is.EqualTo(hostSays));
    }

    [Test]
    public async Task AutocompleteAsync_ChannelOwnershipAndRolesSetOnTheFake_TheHandlerSeesThem()
    {
        // Contract 1.7: what the bot fills from INTERACTION_CREATE (InteractionRouter), a test sets on the fake.
        using var context = new AndyAI.Testing.FakeCogContext { CogName = "Music" };
        IAutocompleteContext? seen = null;
        context.Interactions.AddCommand(new SlashCommandDefinition("play", "Plays.", (_, _) => ValueTask.CompletedTask)
        {
            Options = [new SlashCommandOption("track", SlashOptionType.String, "Track") { Autocomplete = (typing, _) => { seen = typing; return ValueTask.FromResult<IReadOnlyList<SlashChoice>>([]); } }],
        });

        await context.FakeInteractions.AutocompleteAsync(new AndyAI.Testing.FakeAutocompleteContext
        {
            CommandName = "play", OptionName = "track", ChannelId = 30, IsInThread = true, ParentChannelId = 20, CallerIsOwner = true, MemberRoleIds = [5, 6], MemberPermissions = 8,
        });
        (ulong?, bool, ulong?, bool, IReadOnlyList<ulong>, ulong?) set = (seen!.ChannelId, seen.IsInThread, seen.ParentChannelId, seen.CallerIsOwner, seen.MemberRoleIds, seen.MemberPermissions);
        await context.FakeInteractions.AutocompleteAsync(new AndyAI.Testing.FakeAutocompleteContext { CommandName = "play", OptionName = "track" });
        (ulong?, bool, ulong?, bool, IReadOnlyList<ulong>, ulong?) unset = (seen.ChannelId, seen.IsInThread, seen.ParentChannelId, seen.CallerIsOwner, seen.MemberRoleIds, seen.MemberPermissions);

        Assert.That(set, Is.EqualTo((30UL, true, 20UL, true, new ulong[] { 5, 6 }, 8UL)));
        Assert.That(unset, Is.EqualTo((2UL, false, (ulong?)null, false, Array.Empty<ulong>(), (ulong?)null)), "as FakeInteractionContext's defaults");
    }

    [Test]
    public async Task Handlers_AFakeInteractionWithoutACogName_ChecksCustomIdsUnderTheContextsCogName()
    {
        // 90 characters: 98 as "TestCog:…", fine; 108 as "KitchenOfTheWeek:…", which the bot refuses.
        string id = new('x', 90);
        using var context = new AndyAI.Testing.FakeCogContext { CogName = "KitchenOfTheWeek" };
        Func<IInteractionContext, CancellationToken, ValueTask> offerButton = async (interaction, ct) =>
            await interaction.ReplyAsync(new InteractionReply("Go?") { Components = [InteractionComponent.Button(id, "Go")] }, ct);
        context.Interactions.AddCommand(new SlashCommandDefinition("order", "Orders.", offerButton));
        context.Interactions.AddComponentHandler("again", offerButton);
        context.Interactions.AddModalHandler("note", offerButton);
        string hostSays = Assert.Throws<ArgumentException>(() => CustomIds.Namespace("KitchenOfTheWeek", id))!.Message;

        string commandSays = (await Assert.ThrowsAsync<ArgumentException>(async () =>
            await context.FakeInteractions["order"].Handler(new AndyAI.Testing.FakeInteractionContext { CommandName = "order" }, CancellationToken.None)))!.Message;
        string componentSays = (await Assert.ThrowsAsync<ArgumentException>(async () =>
            await context.FakeInteractions.ComponentHandlers["again"](new AndyAI.Testing.FakeInteractionContext { Kind = InteractionKind.Component, CustomId = "again" }, CancellationToken.None)))!.Message;
        string modalSays = (await Assert.ThrowsAsync<ArgumentException>(async () =>
            await context.FakeInteractions.ModalHandlers["note"](new AndyAI.Testing.FakeInteractionContext { Kind = InteractionKind.ModalSubmit, CustomId = "note" }, CancellationToken.None)))!.Message;
        Assert.That(new[] { commandSays, componentSays, modalSays }, Is.All.EqualTo(hostSays), "a slash command's, a component's and a modal's handler");

        // Set explicitly, the name is the test's to choose.
        var named = new AndyAI.Testing.FakeInteractionContext { CommandName = "order", CogName = "TestCog" };
        await context.FakeInteractions["order"].Handler(named, CancellationToken.None);
        Assert.That((named.CogName, named.Replies.Count), Is.EqualTo(("TestCog", 1)));
    }

    [Test]
    public void FakeInteractionContext_CreatedWithAFakeCogContext_TakesItsCogNameUnlessSet()
    {
        using var context = new AndyAI.Testing.FakeCogContext { CogName = "Kitchen" };
        var created = new AndyAI.Testing.FakeInteractionContext(context);
        var named = new AndyAI.Testing.FakeInteractionContext(context) { CogName = "Other" };

        Assert.That((created.CogName, named.CogName, new AndyAI.Testing.FakeInteractionContext().CogName), Is.EqualTo(("Kitchen", "Other", "TestCog")));
    }
}
