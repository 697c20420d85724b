using AndyAI.Abstractions.Interactions;
using AndyAI.Host.Interactions;
using AndyAI.Host.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Host.Tests.Interactions;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)] // fresh fakes per test
public class InteractionCommandSyncTests
{
    private readonly FakeInteractionClient _client = new();
    private readonly InteractionTable _table = new();
    private readonly FakeTimeProvider _time = new();
    private readonly InteractionsOptions _options = new();

    private InteractionCommandSync CreateSut() => new(_client, _table, Options.Create(_options), _time, NullLogger<InteractionCommandSync>.Instance);

    private InteractionRoute Add(string owner, SlashCommandDefinition command)
    {
        var route = InteractionRoute.ForCommand(owner, command);
        _table.Add(owner, route);
        return route;
    }

    private static SlashCommandDefinition Command(string name, string description = "Test.") => new(name, description, (_, _) => ValueTask.CompletedTask)
    {
        Options = [new SlashCommandOption("n", SlashOptionType.Integer, "A number") { MinValue = 1, MaxValue = 6, Choices = [new SlashChoice("one", 1L)] }],
    };

    [Test]
    public async Task SyncOnce_NewSet_OverwritesOnce_ThenNothingWhileUnchanged()
    {
        Add("Games", Command("roll"));
        Add("Host", Command("cogs") with { OwnerOnly = true, DefaultMemberPermissions = 8 });
        using InteractionCommandSync sync = CreateSut();

        int first = await sync.SyncOnceAsync(CancellationToken.None);
        int second = await sync.SyncOnceAsync(CancellationToken.None);

        Assert.That((first, second, _client.Puts), Is.EqualTo((1, 0, 1)));
        Assert.That(_client.StoredGlobal.Select(c => c.Name), Is.EqualTo(new[] { "cogs", "roll" }));
    }

    [Test]
    public async Task SyncOnce_DescriptionChanged_OverwritesAgain()
    {
        InteractionRoute old = Add("Games", Command("roll"));
        using InteractionCommandSync sync = CreateSut();
        await sync.SyncOnceAsync(CancellationToken.None);

        _table.ReplaceOwner("Games", [InteractionRoute.ForCommand("Games", Command("roll", "Rolls better."))]);
        int overwritten = await sync.SyncOnceAsync(CancellationToken.None);

        Assert.That((overwritten, _client.Puts), Is.EqualTo((1, 2)));
        Assert.That(_table.Routes, Does.Not.Contain(old));
    }

    [Test]
    public async Task SyncOnce_GuildIdsConfigured_OverwritesEachGuildNotGlobal()
    {
        _options.GuildIds.Add(111);
        _options.GuildIds.Add(222);
        Add("Games", Command("roll"));
        using InteractionCommandSync sync = CreateSut();

        await sync.SyncOnceAsync(CancellationToken.None);

        Assert.That(_client.Calls, Is.EqualTo(new[] { "put:111", "put:222" }));
    }

    [Test]
    public async Task Running_BurstOfChangesDebounced_FailureRetriedWithBackoff_NeverFatal()
    {
        _options.SyncDelay = TimeSpan.FromSeconds(1);
        _client.GetFailures.Enqueue(new HttpRequestException("Discord is down"));
        using InteractionCommandSync sync = CreateSut();
        await sync.StartAsync(CancellationToken.None);

        Add("Games", Command("roll"));
        Add("Games", Command("flip"));
        Add("Games", Command("draw"));
        // Step the clock until the sync has written (debounce, a failed attempt, the retry after 1 s), then a while more.
        await Poll.UntilAsync(() => { _time.Advance(TimeSpan.FromMilliseconds(100)); return _client.Puts > 0; }, "the sync");
        for (int i = 0; i < 30; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(1);
        }

        await sync.StopAsync(CancellationToken.None);

        Assert.That(_client.GetFailures, Is.Empty, "the failing attempt happened");
        Assert.That(_client.Puts, Is.EqualTo(1), "three changes and a failure, one write");
        Assert.That(sync.ExecuteTask!.IsFaulted, Is.False);
        Assert.That(_client.StoredGlobal.Select(c => c.Name), Is.EquivalentTo(new[] { "roll", "flip", "draw" }));
    }
}
