using AndyAI.Abstractions.Commands;
using AndyAI.Commands.Tests.Fakes;

namespace AndyAI.Commands.Tests;

public class CommandCatalogTests
{
    private static CommandCatalog CreateSut() => new(new CommandsOptions(), new FakeDiscordBot { CurrentUser = Messages.Bot });

    private static CommandDefinition Command(string name, params string[] aliases) =>
        new(name, "does " + name, (_, _) => ValueTask.CompletedTask) { Aliases = aliases };

    [Test]
    public void Ctor_RegistersHelpAsHost()
    {
        CommandCatalog catalog = CreateSut();

        Assert.That(catalog.Snapshot.TryGet("help", out RegisteredCommand help), Is.True);
        Assert.That(help.Owner, Is.EqualTo(ICommandCatalog.HostOwner));
    }

    [Test]
    public void Add_NameTakenByAnotherOwner_ThrowsNamingBothOwnersAndTheName()
    {
        CommandCatalog catalog = CreateSut();
        catalog.Add("Utility", Command("ping"));

        var error = Assert.Throws<InvalidOperationException>(() => catalog.Add("Games", Command("ping")));

        Assert.That(error!.Message, Does.Contain("Games").And.Contain("Utility").And.Contain("'ping'"));
    }

    [Test]
    public void Add_AliasTakenByAnotherOwnersName_ThrowsAndLeavesCatalogUnchanged()
    {
        CommandCatalog catalog = CreateSut();
        catalog.Add("Utility", Command("ping"));
        CatalogSnapshot before = catalog.Snapshot;

        var error = Assert.Throws<InvalidOperationException>(() => catalog.Add("Games", Command("pong", "ping")));

        Assert.That(error!.Message, Does.Contain("Games").And.Contain("Utility").And.Contain("alias 'ping'"));
        Assert.That(catalog.Snapshot, Is.SameAs(before));
        Assert.That(catalog.Snapshot.TryGet("pong", out _), Is.False);
    }

    [Test]
    public void Add_HelpByACog_IsRefused()
    {
        CommandCatalog catalog = CreateSut();

        var error = Assert.Throws<InvalidOperationException>(() => catalog.Add("Utility", Command("help")));

        Assert.That(error!.Message, Does.Contain("Host"));
    }

    [Test]
    public void TryGet_IgnoresCaseAndFindsAliases()
    {
        CommandCatalog catalog = CreateSut();
        catalog.Add("Utility", Command("uptime", "up"));

        Assert.That(catalog.Snapshot.TryGet("UP", out RegisteredCommand command), Is.True);
        Assert.That(command.Name, Is.EqualTo("uptime"));
    }

    [Test]
    public void ReplaceOwner_SwapsAllCommandsOfOwner()
    {
        CommandCatalog catalog = CreateSut();
        catalog.Add("Utility", Command("ping"));
        catalog.Add("Utility", Command("old"));

        catalog.ReplaceOwner("Utility", [Command("ping"), Command("stats")]);

        Assert.That(catalog.Snapshot.TryGet("old", out _), Is.False);
        Assert.That(catalog.Snapshot.TryGet("stats", out _), Is.True);
        Assert.That(catalog.Snapshot.ByOwner["Utility"], Has.Length.EqualTo(2));
    }

    [Test]
    public void ReplaceOwner_OneNameConflicts_ChangesNothing()
    {
        CommandCatalog catalog = CreateSut();
        catalog.Add("Utility", Command("ping"));
        catalog.Add("Games", Command("dice"));
        CatalogSnapshot before = catalog.Snapshot;

        var error = Assert.Throws<InvalidOperationException>(() => catalog.ReplaceOwner("Utility", [Command("ping"), Command("dice")]));

        Assert.That(error!.Message, Does.Contain("Utility cannot register command 'dice'").And.Contain("Games"));
        Assert.That(catalog.Snapshot, Is.SameAs(before));
    }

    [Test]
    public void ReplaceOwner_EmptyList_RemovesOwner()
    {
        CommandCatalog catalog = CreateSut();
        catalog.Add("Utility", Command("ping"));

        catalog.ReplaceOwner("Utility", []);

        Assert.That(catalog.Snapshot.ByOwner.ContainsKey("Utility"), Is.False);
    }

    [Test]
    public void EnsureCanAdd_OwnNameDuringReload_IsAllowed()
    {
        CommandCatalog catalog = CreateSut();
        catalog.Add("Utility", Command("ping"));

        Assert.DoesNotThrow(() => catalog.EnsureCanAdd("Utility", Command("ping")));
        Assert.That(catalog.Snapshot.ByOwner["Utility"], Has.Length.EqualTo(1));
    }

    [Test]
    public void EnsureCanAdd_OtherOwnersName_Throws()
    {
        CommandCatalog catalog = CreateSut();
        catalog.Add("Utility", Command("ping", "p"));

        var error = Assert.Throws<InvalidOperationException>(() => catalog.EnsureCanAdd("Games", Command("pong", "p")));

        Assert.That(error!.Message, Does.Contain("Games").And.Contain("Utility").And.Contain("'p'"));
    }

    [Test]
    public void RemoveOwner_RemovesAndCounts()
    {
        CommandCatalog catalog = CreateSut();
        catalog.Add("Utility", Command("ping"));
        catalog.Add("Utility", Command("stats"));

        int removed = catalog.RemoveOwner("Utility");

        Assert.That(removed, Is.EqualTo(2));
        Assert.That(catalog.Snapshot.TryGet("ping", out _), Is.False);
        Assert.That(catalog.RemoveOwner("Utility"), Is.Zero);
    }

    [Test]
    public void RemoveCommands_OnlyRemovesTheGivenInstances()
    {
        CommandCatalog catalog = CreateSut();
        CommandDefinition oldPing = Command("ping");
        catalog.Add("Utility", oldPing);
        catalog.ReplaceOwner("Utility", [Command("ping")]);

        int removed = catalog.RemoveCommands("Utility", [oldPing]);

        Assert.That(removed, Is.Zero);
        Assert.That(catalog.Snapshot.TryGet("ping", out _), Is.True);
    }

    [TestCase("")]
    [TestCase("Ping")]
    [TestCase("two words")]
    [TestCase("abcdefghijklmnopqrstuvwxyz0123456")]
    public void Add_InvalidName_ThrowsArgumentException(string name)
    {
        Assert.Throws<ArgumentException>(() => CreateSut().Add("Utility", Command(name)));
    }

    [Test]
    public void Add_DuplicateParameterNames_Throws()
    {
        CommandDefinition command = Command("x") with { Parameters = [new("a", CommandParameterType.String), new("a", CommandParameterType.Integer)] };

        var error = Assert.Throws<ArgumentException>(() => CreateSut().Add("Utility", command));

        Assert.That(error!.Message, Does.Contain("two parameters named 'a'"));
    }

    [Test]
    public void Add_RequiredAfterOptional_Throws()
    {
        CommandDefinition command = Command("x") with
        {
            Parameters = [new("a", CommandParameterType.String) { IsOptional = true }, new("b", CommandParameterType.String)],
        };

        var error = Assert.Throws<ArgumentException>(() => CreateSut().Add("Utility", command));

        Assert.That(error!.Message, Does.Contain("'b'").And.Contain("follows an optional"));
    }

    [Test]
    public void Add_RemainderNotLast_Throws()
    {
        CommandDefinition command = Command("x") with
        {
            Parameters = [new("rest", CommandParameterType.Remainder), new("b", CommandParameterType.String)],
        };

        var error = Assert.Throws<ArgumentException>(() => CreateSut().Add("Utility", command));

        Assert.That(error!.Message, Does.Contain("'rest'").And.Contain("last"));
    }

    [Test]
    public void Add_DefaultOfWrongType_Throws()
    {
        CommandDefinition command = Command("x") with
        {
            Parameters = [new("count", CommandParameterType.Integer) { IsOptional = true, DefaultValue = 5 }],
        };

        var error = Assert.Throws<ArgumentException>(() => CreateSut().Add("Utility", command));

        Assert.That(error!.Message, Does.Contain("its default value is an Int32, but an Integer argument is an Int64 (write 5L, not 5)."));
    }

    [Test]
    public void Add_NonPositiveCooldown_Throws()
    {
        Assert.Throws<ArgumentException>(() => CreateSut().Add("Utility", Command("x") with { Cooldown = TimeSpan.Zero }));
    }

    [Test]
    public void Add_AliasEqualToOwnName_Throws()
    {
        Assert.Throws<ArgumentException>(() => CreateSut().Add("Utility", Command("ping", "ping")));
    }

    [Test]
    public void Add_SameOwnerTwice_ThrowsNamingTheOwner()
    {
        CommandCatalog catalog = CreateSut();
        catalog.Add("Utility", Command("ping"));

        var error = Assert.Throws<InvalidOperationException>(() => catalog.Add("Utility", Command("ping")));

        Assert.That(error!.Message, Does.Contain("Utility declares 'ping' twice"));
    }

    [TestCase("!ping", true)]
    [TestCase("!PING now", true)]
    [TestCase("!pingx", false)]
    [TestCase("! ping", false)]
    [TestCase("ping", false)]
    [TestCase("!", false)]
    public void IsCommandInvocation_Prefix(string content, bool expected)
    {
        CommandCatalog catalog = CreateSut();
        catalog.Add("Utility", Command("ping"));

        Assert.That(catalog.IsCommandInvocation(Messages.Text(content)), Is.EqualTo(expected));
    }

    [TestCase("<@900> ping", true)]
    [TestCase("<@!900>ping", true)]
    [TestCase("  <@&777> ping", true)]
    [TestCase("<@900> !ping", true)]
    [TestCase("<@900> !nope", true)] // gets a hint, so the LLM cog must leave it alone
    [TestCase("<@900> what is a ping?", false)]
    [TestCase("<@900> ping me when the build is done", false)] // a question that starts with a command's name
    [TestCase("<@900> !ping me", true)] // the prefix says "command": its usage error is what the user asked for
    [TestCase("<@900> ping  ", true)]
    [TestCase("<@900> !abcdefghijklmnopqrstuvwxyz0123456789 is too long to be a name", false)]
    [TestCase("<@900>", false)]
    [TestCase("<@901> ping", false)]
    [TestCase("<@&778> ping", false)]
    [TestCase("hey <@900> ping", false)]
    public void IsCommandInvocation_Mention(string content, bool expected)
    {
        CommandCatalog catalog = CreateSut();
        catalog.Add("Utility", Command("ping"));

        Assert.That(catalog.IsCommandInvocation(Messages.From(Messages.User, content, mentionsBot: true)), Is.EqualTo(expected));
    }

    [Test]
    public void IsCommandInvocation_MentionTextWithoutMentionsBotFlag_IsNotACommand()
    {
        CommandCatalog catalog = CreateSut();
        catalog.Add("Utility", Command("ping"));

        Assert.That(catalog.IsCommandInvocation(Messages.From(Messages.User, "<@900> ping", mentionsBot: false)), Is.False);
    }

    [Test]
    public void Snapshot_ConcurrentWritersAndReaders_StayConsistent()
    {
        CommandCatalog catalog = CreateSut();

        Parallel.For(0, 200, i =>
        {
            catalog.Add("Cog" + (i % 10), Command("c" + i));
            Assert.That(catalog.Snapshot.TryGet("c" + i, out _), Is.True);
        });

        Assert.That(catalog.Snapshot.Commands, Has.Length.EqualTo(201));
    }
}
