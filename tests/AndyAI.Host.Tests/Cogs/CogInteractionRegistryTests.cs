using AndyAI.Abstractions.Interactions;
using AndyAI.Host.Cogs;
using AndyAI.Discord.Interactions;
using AndyAI.Host.Interactions;

namespace AndyAI.Host.Tests.Cogs;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)] // fresh fakes per test
public class CogInteractionRegistryTests
{
    private readonly InteractionTable _table = new();
    private readonly List<Exception> _errors = [];

    private CogInteractionRegistry CreateSut(string owner = "Games", AndyAI.Commands.ICogGuildSwitch? guildSwitch = null) => new(_table, owner, _errors.Add, guildSwitch);

    private static SlashCommandDefinition Command(string name, string said = "") =>
        new(name, "A test command.", (context, ct) => new ValueTask(context.ReplyAsync(InteractionReply.Public(said), ct)));

    private static Func<IInteractionContext, CancellationToken, ValueTask> Handler() => (_, _) => ValueTask.CompletedTask;

    [Test]
    public void AddCommand_BeforeActivation_IsStagedNotLive()
    {
        CogInteractionRegistry registry = CreateSut();

        registry.AddCommand(Command("roll"));

        Assert.That(registry.Registrations.Items, Has.Count.EqualTo(1));
        Assert.That(_table.FindCommand("roll"), Is.Null);
    }

    [Test]
    public void Activate_PublishesEverything_Deactivate_RemovesEverything()
    {
        CogInteractionRegistry registry = CreateSut();
        registry.AddCommand(Command("roll"));
        registry.AddComponentHandler("reroll", Handler());
        registry.AddModalHandler("form", Handler());

        int live = registry.Registrations.Activate();
        bool liveCommand = _table.FindCommand("roll") is not null;
        bool liveButton = _table.FindHandler(InteractionRouteKind.Component, "Games", "reroll:7") is not null;
        int removed = registry.Registrations.Deactivate();

        Assert.That((live, liveCommand, liveButton, removed), Is.EqualTo((3, true, true, 3)));
        Assert.That(_table.Routes, Is.Empty);
    }

    [Test]
    public void AddCommand_AfterActivation_GoesLiveAtOnce()
    {
        CogInteractionRegistry registry = CreateSut();
        registry.Registrations.Activate();

        registry.AddCommand(Command("late"));

        Assert.That(_table.FindCommand("late")?.Owner, Is.EqualTo("Games"));
    }

    [Test]
    public void AddCommand_NameHeldByAnotherCog_ThrowsNamingBothOwners()
    {
        CogInteractionRegistry utility = CreateSut("Utility");
        utility.AddCommand(Command("ping"));
        utility.Registrations.Activate();

        var error = Assert.Throws<InvalidOperationException>(() => CreateSut("Games").AddCommand(Command("ping")));

        Assert.That(error!.Message, Is.EqualTo("Games cannot register slash command '/ping': Utility already registered '/ping'."));
    }

    [Test]
    public void Activate_NameTakenSinceStaging_FailsWithNothingPublished()
    {
        CogInteractionRegistry games = CreateSut("Games");
        games.AddCommand(Command("ping"));
        games.AddComponentHandler("x", Handler());
        CogInteractionRegistry utility = CreateSut("Utility");
        utility.AddCommand(Command("ping"));
        utility.Registrations.Activate();

        Assert.Throws<InvalidOperationException>(() => games.Registrations.EnsureCanActivate());
        Assert.Throws<InvalidOperationException>(() => games.Registrations.Activate());
        Assert.That(_table.Routes.Select(r => r.Owner), Is.All.EqualTo("Utility"));
    }

    [Test]
    public void AddCommand_TwiceInOneCog_Throws()
    {
        CogInteractionRegistry registry = CreateSut();
        registry.AddCommand(Command("roll"));

        Assert.Throws<InvalidOperationException>(() => registry.AddCommand(Command("roll")));
    }

    [TestCase("Roll")]
    [TestCase("two words")]
    [TestCase("")]
    [TestCase("a-name-that-is-far-too-long-for-discord")]
    public void AddCommand_InvalidName_ThrowsArgumentException(string name)
    {
        Assert.Throws<ArgumentException>(() => CreateSut().AddCommand(Command(name)));
    }

    [Test]
    public void AddCommand_SubcommandGroups_CheckedAsDiscordDoes()
    {
        static SlashSubcommand Sub(string name) => new(name, "Does it.");
        SlashCommandDefinition valid = Command("config") with
        {
            Subcommands = [Sub("show")],
            SubcommandGroups = [new SlashSubcommandGroup("set", "Changes a setting.") { Subcommands = [Sub("model"), Sub("persona")] }],
        };
        SlashCommandDefinition empty = Command("empty") with { SubcommandGroups = [new SlashSubcommandGroup("set", "Changes a setting.")] };
        SlashCommandDefinition clash = Command("clash") with { Subcommands = [Sub("set")], SubcommandGroups = [new SlashSubcommandGroup("set", "Changes.") { Subcommands = [Sub("a")] }] };
        SlashCommandDefinition mixed = Command("mixed") with
        {
            Options = [new SlashCommandOption("x", SlashOptionType.String, "X.")],
            SubcommandGroups = [new SlashSubcommandGroup("set", "Changes.") { Subcommands = [Sub("a")] }],
        };
        SlashCommandDefinition tooMany = Command("many") with
        {
            Subcommands = [.. Enumerable.Range(0, 20).Select(i => Sub("s" + i))],
            SubcommandGroups = [.. Enumerable.Range(0, 6).Select(i => new SlashSubcommandGroup("g" + i, "G.") { Subcommands = [Sub("a")] })],
        };
        CogInteractionRegistry registry = CreateSut();

        Assert.DoesNotThrow(() => registry.AddCommand(valid));
        Assert.That(Assert.Throws<ArgumentException>(() => registry.AddCommand(empty))!.Message, Does.Contain("a group has 1 to 25 subcommands"));
        Assert.That(Assert.Throws<ArgumentException>(() => registry.AddCommand(clash))!.Message, Does.Contain("set"));
        Assert.That(Assert.Throws<ArgumentException>(() => registry.AddCommand(mixed))!.Message, Does.Contain("either options or subcommands"));
        Assert.That(Assert.Throws<ArgumentException>(() => registry.AddCommand(tooMany))!.Message, Does.Contain("at most 25 subcommands and groups"));
        ApplicationCommand written = InteractionMapper.ToApplicationCommand(valid);
        Assert.That(written.Options.Select(o => $"{o.Type}:{o.Name}[{string.Join(",", (o.Options ?? []).Select(s => $"{s.Type}:{s.Name}"))}]"),
            Is.EqualTo(new[] { "SubCommand:show[]", "SubCommandGroup:set[SubCommand:model,SubCommand:persona]" }));
        Assert.That(InteractionMapper.ToInfo(valid).Usage, Is.EqualTo("/config show|set model|persona"));
    }

    [Test]
    public void Commands_PastDiscordsHundred_RefusedNamingWhoHoldsThem()
    {
        foreach (int i in Enumerable.Range(0, 100))
        {
            _table.Add("Big", InteractionRoute.ForCommand("Big", Command("c" + i), _errors.Add));
        }

        var one = Assert.Throws<InvalidOperationException>(() => _table.Add("Small", InteractionRoute.ForCommand("Small", Command("extra"), _errors.Add)));
        _table.ReplaceOwner("Big", [.. Enumerable.Range(0, 90).Select(i => InteractionRoute.ForCommand("Big", Command("d" + i), _errors.Add))]);
        var many = Assert.Throws<InvalidOperationException>(() => _table.ReplaceOwner("Small", [.. Enumerable.Range(0, 11).Select(i => InteractionRoute.ForCommand("Small", Command("s" + i), _errors.Add))]));

        Assert.That(one!.Message, Is.EqualTo("Small cannot register slash command '/extra': Discord allows 100 slash commands per application, and 100 are registered (Big 100)."));
        Assert.That(many!.Message, Is.EqualTo("Small cannot register its 11 slash commands: Discord allows 100 per application, and the others hold 90."));
        Assert.That(_table.Commands, Has.Count.EqualTo(90), "an owner replaces its own commands within the limit; the refused set changed nothing");
    }

    [Test]
    public void AddCommand_OverDiscords8000Characters_ThrowsArgumentException()
    {
        SlashChoice[] choices = [.. Enumerable.Range(0, 25).Select(i => new SlashChoice(new string('n', 100), new string('v', 100)))];
        SlashCommandDefinition huge = Command("huge") with
        {
            Options = [.. Enumerable.Range(0, 2).Select(i => new SlashCommandOption("o" + i, SlashOptionType.String, "Option.") { Choices = choices })],
        };

        var error = Assert.Throws<ArgumentException>(() => CreateSut().AddCommand(huge));

        Assert.That(error!.Message, Does.StartWith("/huge: names, descriptions and choices come to 10037 characters; Discord allows 8000 per command."));
    }

    [Test]
    public void AddCommand_RequiredAfterOptional_ThrowsArgumentException()
    {
        SlashCommandDefinition command = Command("roll") with
        {
            Options =
            [
                new SlashCommandOption("sides", SlashOptionType.Integer, "Sides"),
                new SlashCommandOption("count", SlashOptionType.Integer, "Dice") { Required = true },
            ],
        };

        var error = Assert.Throws<ArgumentException>(() => CreateSut().AddCommand(command));

        Assert.That(error!.Message, Does.Contain("required options come before optional ones"));
    }

    [Test]
    public async Task Reload_ButtonPostedByOldInstance_RoutesToNewInstance()
    {
        var handled = new List<string>();
        CogInteractionRegistry v1 = CreateSut();
        v1.AddComponentHandler("vote", (_, _) => { handled.Add("v1"); return ValueTask.CompletedTask; });
        v1.Registrations.Activate();
        CogInteractionRegistry v2 = CreateSut();
        v2.AddComponentHandler("vote", (_, _) => { handled.Add("v2"); return ValueTask.CompletedTask; });

        v2.Registrations.Activate();   // the reload's switch
        v1.Registrations.Deactivate(); // the old instance retires after
        InteractionRoute? route = _table.FindHandler(InteractionRouteKind.Component, "Games", "vote:yes");
        await route!.Handler(new FakeInteractionContext(), CancellationToken.None);

        Assert.That(handled, Is.EqualTo(new[] { "v2" }));
        Assert.That(_table.Routes, Has.Count.EqualTo(1));
    }

    [Test]
    public void FindHandler_LongestPrefixWins_AndOtherCogsIdsDoNotMatch()
    {
        CogInteractionRegistry registry = CreateSut();
        registry.AddComponentHandler("vote", Handler());
        registry.AddComponentHandler("vote:admin", Handler());
        registry.Registrations.Activate();

        Assert.That(_table.FindHandler(InteractionRouteKind.Component, "Games", "vote:admin:1")?.Key, Is.EqualTo("vote:admin"));
        Assert.That(_table.FindHandler(InteractionRouteKind.Component, "Games", "vote:1")?.Key, Is.EqualTo("vote"));
        Assert.That(_table.FindHandler(InteractionRouteKind.Component, "Utility", "vote:1"), Is.Null);
        Assert.That(_table.FindHandler(InteractionRouteKind.Modal, "Games", "vote:1"), Is.Null);
    }

    [Test]
    public void CommandsChanged_RaisedWhenCommandsMove_NotForHandlersOnly()
    {
        int changes = 0;
        _table.CommandsChanged += () => changes++;
        CogInteractionRegistry buttons = CreateSut("Buttons");
        buttons.AddComponentHandler("b", Handler());
        CogInteractionRegistry games = CreateSut();
        games.AddCommand(Command("roll"));

        buttons.Registrations.Activate();
        int afterHandlers = changes;
        games.Registrations.Activate();
        games.Registrations.Deactivate();

        Assert.That((afterHandlers, changes), Is.EqualTo((0, 2)));
    }

    [Test]
    public void ListCommands_EveryOwnersLiveCommandsWithUsage_NoHandlers()
    {
        CogInteractionRegistry games = CreateSut();
        games.AddCommand(Command("roll") with
        {
            Options = [new SlashCommandOption("sides", SlashOptionType.Integer, "Sides") { Required = true }, new SlashCommandOption("count", SlashOptionType.Integer, "Dice")],
        });
        games.Registrations.Activate();
        _table.Add("Host", InteractionRoute.ForCommand("Host", Command("cogs") with { OwnerOnly = true }));

        IReadOnlyList<SlashCommandInfo> listed = CreateSut("Utility").ListCommands();

        Assert.That(listed, Is.EqualTo(new[]
        {
            new SlashCommandInfo("cogs", "A test command.", "/cogs", OwnerOnly: true),
            new SlashCommandInfo("roll", "A test command.", "/roll <sides> [count]", OwnerOnly: false),
        }));
    }

    [Test]
    public void ListCommands_ForAServer_LeavesOutTheCogsItTurnedOff_NeverTheHosts()
    {
        CogInteractionRegistry games = CreateSut();
        games.AddCommand(Command("roll"));
        games.Registrations.Activate();
        CogInteractionRegistry notes = CreateSut("Notes");
        notes.AddCommand(Command("note"));
        notes.Registrations.Activate();
        _table.Add("Host", InteractionRoute.ForCommand("Host", Command("cogs") with { OwnerOnly = true }));
        var switches = new GamesOffInGuild(10);
        CogInteractionRegistry utility = CreateSut("Utility", switches);

        Assert.Multiple(() =>
        {
            Assert.That(utility.ListCommands(10).Select(c => c.Name), Is.EqualTo(new[] { "cogs", "note" }), "Games is off in server 10");
            Assert.That(utility.ListCommands(11).Select(c => c.Name), Is.EqualTo(new[] { "cogs", "note", "roll" }));
            Assert.That(utility.ListCommands(guildId: null).Select(c => c.Name), Is.EqualTo(new[] { "cogs", "note", "roll" }), "a DM lists them all");
        });
    }

    private sealed class GamesOffInGuild(ulong guildId) : AndyAI.Commands.ICogGuildSwitch
    {
        public bool IsEnabled(string cogName, ulong guild) => !(guild == guildId && cogName == "Games");
    }
}
