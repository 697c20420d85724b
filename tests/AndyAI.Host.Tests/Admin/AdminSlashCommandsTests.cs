using AndyAI.Abstractions.Interactions;
using AndyAI.Host.Admin;
using AndyAI.Host.Cogs.Supervision;
using AndyAI.Host.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace AndyAI.Host.Tests.Admin;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)] // fresh fakes per test
public sealed class AdminSlashCommandsTests
{
    private readonly FakeCogSupervisor _supervisor = new();

    private AdminSlashCommands CreateSut() => new(_supervisor, NullLogger<AdminSlashCommands>.Instance);

    private SlashCommandDefinition Definition(string name) => CreateSut().CreateDefinitions().Single(d => d.Name == name);

    [Test]
    public void CreateDefinitions_AllOwnerOnly_HiddenFromNonAdministrators()
    {
        IReadOnlyList<SlashCommandDefinition> definitions = CreateSut().CreateDefinitions();

        Assert.That(definitions.Select(d => d.Name), Is.EquivalentTo(new[] { "cogs", "reload", "load", "unload" }));
        Assert.That(definitions, Has.All.Property("OwnerOnly").True.And.All.Property("DefaultMemberPermissions").EqualTo(8UL));
        Assert.That(definitions.Single(d => d.Name == "reload").Options.Single().Required, Is.False);
        Assert.That(definitions.Single(d => d.Name == "load").Options.Single().Required, Is.True);
    }

    [Test]
    public async Task Reload_NamedCog_DefersPrivatelyAndRepliesWithTheBangReply()
    {
        _supervisor.Outcomes["Utility"] = new CogOutcome("Utility", CogOutcomeKind.Reloaded, TimeSpan.FromMilliseconds(84), Version: "1.0.0");
        var interaction = new FakeInteractionContext { CommandName = "reload" };
        interaction.Options["cog"] = " Utility ";

        await Definition("reload").Handler(interaction, CancellationToken.None);

        Assert.That(_supervisor.Calls, Is.EqualTo(new[] { "reload Utility" }));
        Assert.That(interaction.DeferredEphemeral, Is.True);
        Assert.That(interaction.Replies.Single().Reply, Is.EqualTo(InteractionReply.Private("Utility: reloaded in 84 ms")));
    }

    [Test]
    public async Task Reload_NoCog_ReloadsAll()
    {
        var interaction = new FakeInteractionContext { CommandName = "reload" };

        await Definition("reload").Handler(interaction, CancellationToken.None);

        Assert.That(_supervisor.Calls, Is.EqualTo(new[] { "reload all" }));
        Assert.That(interaction.Replies.Single().Reply.Content, Is.EqualTo("No cogs."));
    }

    [Test]
    public async Task Cogs_ListsPrivately()
    {
        _supervisor.Statuses.Add(new CogStatus("Utility", "Utility", CogState.Running, "1.0.0", null, null, 0, null));
        var interaction = new FakeInteractionContext { CommandName = "cogs" };

        await Definition("cogs").Handler(interaction, CancellationToken.None);

        InteractionReply reply = interaction.Replies.Single().Reply;
        Assert.That(reply.Ephemeral, Is.True);
        Assert.That(reply.Content, Is.EqualTo("1 cog:\nUtility 1.0.0: running, 0 handler errors"));
    }

    [Test]
    public async Task ReloadAutocomplete_SuggestsMatchingCogNames()
    {
        foreach (string name in new[] { "Utility", "MessageHandler", "Music" })
        {
            _supervisor.Statuses.Add(new CogStatus(name, name, CogState.Running, "1.0.0", null, null, 0, null));
        }

        var suggest = Definition("reload").Options.Single().Autocomplete!;
        IReadOnlyList<SlashChoice> choices = await suggest(new AndyAI.Host.Interactions.AutocompleteContext("reload", null, null, "cog", "u", new(1, "a", false), null, new Dictionary<string, object> { ["cog"] = "u" }), CancellationToken.None);

        Assert.That(choices.Select(c => c.Name), Is.EqualTo(new[] { "Utility", "Music" }));
    }
}
