using AndyAI.Abstractions.Commands;
using AndyAI.Commands.Tests.Fakes;

namespace AndyAI.Commands.Tests;

public class CogCommandRegistryTests
{
    private CommandCatalog _catalog = null!;

    [SetUp]
    public void CreateSut() => _catalog = new CommandCatalog(new CommandsOptions(), new FakeDiscordBot { CurrentUser = Messages.Bot });

    private static CommandDefinition Command(string name, string description = "x") => new(name, description, (_, _) => ValueTask.CompletedTask);

    [Test]
    public void Add_BeforeActivate_IsStagedNotLive()
    {
        var registry = new CogCommandRegistry(_catalog, "Utility");

        registry.Add(Command("ping"));

        Assert.That(_catalog.Snapshot.TryGet("ping", out _), Is.False);
        Assert.That(registry.Staged, Has.Count.EqualTo(1));
    }

    [Test]
    public void Add_NameOfAnotherCog_FailsAtOnceNamingBoth()
    {
        _catalog.Add("Games", Command("dice"));
        var registry = new CogCommandRegistry(_catalog, "Utility");

        var error = Assert.Throws<InvalidOperationException>(() => registry.Add(Command("dice")));

        Assert.That(error!.Message, Does.Contain("Utility").And.Contain("Games").And.Contain("dice"));
    }

    [Test]
    public void Add_SameNameTwiceInOneInstance_Fails()
    {
        var registry = new CogCommandRegistry(_catalog, "Utility");
        registry.Add(Command("ping"));

        Assert.Throws<InvalidOperationException>(() => registry.Add(Command("ping")));
    }

    [Test]
    public void Reload_NewInstanceActivates_ThenOldDeactivates_NewCommandsStayLive()
    {
        var oldInstance = new CogCommandRegistry(_catalog, "Utility");
        oldInstance.Add(Command("ping", "old"));
        oldInstance.Add(Command("gone"));
        oldInstance.Activate();
        var newInstance = new CogCommandRegistry(_catalog, "Utility");
        newInstance.Add(Command("ping", "new"));

        newInstance.Activate();
        int removed = oldInstance.Deactivate();

        Assert.That(removed, Is.Zero);
        Assert.That(_catalog.Snapshot.TryGet("ping", out RegisteredCommand ping), Is.True);
        Assert.That(ping.Definition.Description, Is.EqualTo("new"));
        Assert.That(_catalog.Snapshot.TryGet("gone", out _), Is.False);
    }

    [Test]
    public void Deactivate_Unload_RemovesCommands()
    {
        var registry = new CogCommandRegistry(_catalog, "Utility");
        registry.Add(Command("ping"));
        registry.Activate();

        int removed = registry.Deactivate();

        Assert.That(removed, Is.EqualTo(1));
        Assert.That(_catalog.Snapshot.TryGet("ping", out _), Is.False);
    }

    [Test]
    public void Add_AfterActivate_GoesLiveAndIsRemovedWithTheRest()
    {
        var registry = new CogCommandRegistry(_catalog, "Utility");
        registry.Activate();

        registry.Add(Command("late"));
        Assert.That(_catalog.Snapshot.TryGet("late", out _), Is.True);
        registry.Deactivate();

        Assert.That(_catalog.Snapshot.TryGet("late", out _), Is.False);
    }

    [Test]
    public async Task Handler_Throws_ReportsToErrorCallbackAndRethrows()
    {
        var errors = new List<Exception>();
        var registry = new CogCommandRegistry(_catalog, "Utility", errors.Add);
        registry.Add(new CommandDefinition("boom", "x", (_, _) => throw new InvalidOperationException("bad")));
        registry.Activate();
        _catalog.Snapshot.TryGet("boom", out RegisteredCommand boom);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await boom.Definition.Handler(null!, CancellationToken.None));

        Assert.That(errors.Single().Message, Is.EqualTo("bad"));
    }
}
