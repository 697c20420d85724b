using AndyAI.Abstractions.Storage;

namespace AndyAI.Storage.Tests;

[TestFixtureSource(typeof(Engines), nameof(Engines.All))]
public sealed class CogStorageTests(DatabaseKind kind)
{
    private StorageSut _sut = null!;

    [SetUp]
    public async Task SetUpAsync() => _sut = await StorageSut.StartAsync(kind);

    [TearDown]
    public async Task TearDownAsync() => await _sut.DisposeAsync();

    [Test]
    public async Task SetThenGet_RoundTripsTheValue_AndSetReplaces()
    {
        ICogStorage storage = _sut.Cogs.For("Dice");

        await storage.SetAsync("stats:1", new Tally("alice", 3), TestJson.Default.Tally);
        await storage.SetAsync("stats:1", new Tally("alice", 4), TestJson.Default.Tally);

        Assert.That(await storage.GetAsync("stats:1", TestJson.Default.Tally), Is.EqualTo(new Tally("alice", 4)));
        Assert.That(await storage.GetAsync("missing", TestJson.Default.Tally), Is.Null);
    }

    [Test]
    public async Task Keys_AreScopedPerCog()
    {
        await _sut.Cogs.For("Dice").SetAsync("k", new Tally("dice", 1), TestJson.Default.Tally);
        await _sut.Cogs.For("Quiz").SetAsync("k", new Tally("quiz", 2), TestJson.Default.Tally);

        Assert.That(await _sut.Cogs.For("Dice").GetAsync("k", TestJson.Default.Tally), Is.EqualTo(new Tally("dice", 1)));
        Assert.That(await _sut.Cogs.For("Quiz").GetAsync("k", TestJson.Default.Tally), Is.EqualTo(new Tally("quiz", 2)));
        Assert.That(await _sut.Cogs.For("Other").ListKeysAsync(""), Is.Empty);
    }

    [Test]
    public async Task TimeToLive_ExpiresTheValue_AndThePurgeDeletesIt()
    {
        ICogStorage storage = _sut.Cogs.For("Dice");
        await storage.SetAsync("short", new Tally("x", 1), TestJson.Default.Tally, TimeSpan.FromMinutes(5));
        await storage.SetAsync("long", new Tally("y", 1), TestJson.Default.Tally);

        _sut.Time.Advance(TimeSpan.FromMinutes(4));
        Tally? before = await storage.GetAsync("short", TestJson.Default.Tally);
        _sut.Time.Advance(TimeSpan.FromMinutes(2));
        Tally? after = await storage.GetAsync("short", TestJson.Default.Tally);
        await _sut.Service.PurgeAsync(CancellationToken.None);

        Assert.That(before, Is.Not.Null);
        Assert.That(after, Is.Null);
        Assert.That(await storage.ListKeysAsync(""), Is.EqualTo(new[] { "long" }));
        Assert.That(await SchemaTests.Execute(_sut, "DELETE FROM cog_values WHERE key = 'short';"), Is.Zero, "the purge removed the row");
    }

    [Test]
    public async Task ListKeys_ByPrefix_IsCaseSensitive_AndOrdinal()
    {
        ICogStorage storage = _sut.Cogs.For("Dice");
        foreach (string key in (string[])["user:2", "user:10", "User:3", "guild:1", "user:%", "user_x"])
        {
            await storage.SetAsync(key, new Tally(key, 0), TestJson.Default.Tally);
        }

        Assert.That(await storage.ListKeysAsync("user:"), Is.EqualTo(new[] { "user:%", "user:10", "user:2" }));
        Assert.That(await storage.ListKeysAsync("user_"), Is.EqualTo(new[] { "user_x" }), "no LIKE wildcards");
        Assert.That(await storage.ListKeysAsync(""), Has.Count.EqualTo(6));
    }

    [Test]
    public async Task Delete_RemovesTheValue_AndSaysWhetherThereWasOne()
    {
        ICogStorage storage = _sut.Cogs.For("Dice");
        await storage.SetAsync("k", new Tally("x", 1), TestJson.Default.Tally);

        Assert.That(await storage.DeleteAsync("k"), Is.True);
        Assert.That(await storage.DeleteAsync("k"), Is.False);
        Assert.That(await storage.GetAsync("k", TestJson.Default.Tally), Is.Null);
    }

    [Test]
    public async Task InvalidKeys_AreRejected()
    {
        ICogStorage storage = _sut.Cogs.For("Dice");

        await Assert.ThrowsAsync<ArgumentException>(async () => await storage.SetAsync("", new Tally("x", 1), TestJson.Default.Tally));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await storage.SetAsync(new string('k', 201), new Tally("x", 1), TestJson.Default.Tally));
    }

    [Test]
    public async Task WhileUnavailable_EveryCallThrowsStorageUnavailable()
    {
        _sut.Access.MarkUnavailable(new TimeoutException("test outage"));

        await Assert.ThrowsAsync<StorageUnavailableException>(async () => await _sut.Cogs.For("Dice").GetAsync("k", TestJson.Default.Tally));
    }
}
