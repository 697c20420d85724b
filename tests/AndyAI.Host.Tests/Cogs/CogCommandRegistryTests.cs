using AndyAI.Abstractions.Commands;
using AndyAI.Abstractions.Discord;
using AndyAI.Commands;
using AndyAI.Host.Cogs;
using AndyAI.Host.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AndyAI.Host.Tests.Cogs;

/// <summary>A cog instance's command registry over the framework's real catalog.</summary>
public sealed class CogCommandRegistryTests
{
    private ServiceProvider _provider = null!;
    private ICommandCatalog _catalog = null!;

    [SetUp]
    public void CreateSut()
    {
        _provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IDiscordBot>(new FakeDiscordBot())
            .AddAndyAICommands(new ConfigurationBuilder().Build())
            .BuildServiceProvider();
        _catalog = _provider.GetRequiredService<ICommandCatalog>();
    }

    [TearDown]
    public void TearDown() => _provider.Dispose();

    [Test]
    public void Add_BeforeActivate_IsStagedNotLive()
    {
        CogCommandRegistry registry = Registry();

        registry.Add(Command("ping"));

        Assert.That(IsLive("ping"), Is.False);
        Assert.That(registry.Registrations.Items, Has.Count.EqualTo(1));
    }

    [Test]
    public void Add_NameOfAnotherCog_FailsAtOnceNamingBoth()
    {
        _catalog.Add("Games", Command("dice"));
        CogCommandRegistry registry = Registry();

        var error = Assert.Throws<InvalidOperationException>(() => registry.Add(Command("dice")));

        Assert.That(error!.Message, Does.Contain("Utility").And.Contain("Games").And.Contain("dice"));
    }

    [Test]
    public void Add_SameNameTwiceInOneInstance_Fails()
    {
        CogCommandRegistry registry = Registry();
        registry.Add(Command("ping"));

        Assert.Throws<InvalidOperationException>(() => registry.Add(Command("ping")));
    }

    [Test]
    public void Reload_NewInstanceActivates_ThenOldDeactivates_NewCommandsStayLive()
    {
        CogCommandRegistry oldInstance = Registry();
        oldInstance.Add(Command("ping"));
        oldInstance.Add(Command("gone"));
        oldInstance.Registrations.Activate();
        CogCommandRegistry newInstance = Registry();
        newInstance.Add(Command("ping"));

        newInstance.Registrations.Activate();
        int removed = oldInstance.Registrations.Deactivate();

        Assert.That(removed, Is.Zero);
        Assert.That(IsLive("ping"), Is.True);
        Assert.That(IsLive("gone"), Is.False);
    }

    [Test]
    public void Deactivate_Unload_RemovesCommands()
    {
        CogCommandRegistry registry = Registry();
        registry.Add(Command("ping"));
        registry.Registrations.Activate();

        int removed = registry.Registrations.Deactivate();

        Assert.That(removed, Is.EqualTo(1));
        Assert.That(IsLive("ping"), Is.False);
    }

    [Test]
    public void Add_AfterActivate_GoesLiveAndIsRemovedWithTheRest()
    {
        CogCommandRegistry registry = Registry();
        registry.Registrations.Activate();

        registry.Add(Command("late"));
        Assert.That(IsLive("late"), Is.True);
        registry.Registrations.Deactivate();

        Assert.That(IsLive("late"), Is.False);
    }

    [Test]
    public void EnsureCanActivate_NameTakenSinceItWasStaged_ThrowsAndChangesNothing()
    {
        CogCommandRegistry registry = Registry();
        registry.Add(Command("dice"));
        _catalog.Add("Games", Command("dice"));

        Assert.That(registry.Registrations.EnsureCanActivate, Throws.InvalidOperationException.With.Message.Contains("Games"));
        Assert.That(_catalog.IsCommandInvocation(Text("!dice")), Is.True, "the other cog keeps its command");
        Assert.That(registry.Registrations.Items, Has.Count.EqualTo(1), "still staged");
    }

    [Test]
    public async Task Handler_Throws_ReportsToErrorCallbackAndRethrows()
    {
        var errors = new List<Exception>();
        var registry = new CogCommandRegistry(_catalog, "Utility", errors.Add);
        registry.Add(new CommandDefinition("boom", "x", (_, _) => throw new InvalidOperationException("bad")));
        CommandDefinition wrapped = registry.Registrations.Items.Single();

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await wrapped.Handler(null!, CancellationToken.None));

        Assert.That(errors.Single().Message, Is.EqualTo("bad"));
    }

    private CogCommandRegistry Registry() => new(_catalog, "Utility", _ => { });

    private bool IsLive(string name) => _catalog.IsCommandInvocation(Text("!" + name));

    private static DiscordMessage Text(string content) => new()
    {
        Id = 1,
        ChannelId = 2,
        GuildId = 3,
        Author = new DiscordUser(10, "user", IsBot: false),
        Content = content,
    };

    private static CommandDefinition Command(string name) => new(name, "x", (_, _) => ValueTask.CompletedTask);
}
