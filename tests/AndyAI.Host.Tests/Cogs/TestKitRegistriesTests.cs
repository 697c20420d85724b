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
}
