using AndyAI.Abstractions.Llm;
using AndyAI.Abstractions.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Services.Tests.Caching;

public sealed class ResponseCacheTests
{
    [Test]
    public async Task TryGetAsync_AfterTimeToLive_EntryIsGone()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        await using ServiceProvider services = TestServices.Create(null, time);
        IResponseCache cache = services.GetRequiredService<IResponseCache>();

        await cache.SetAsync("k", "value", TimeSpan.FromMinutes(10));
        time.Advance(TimeSpan.FromMinutes(9));
        string? before = await cache.TryGetAsync("k");
        time.Advance(TimeSpan.FromMinutes(2));
        string? after = await cache.TryGetAsync("k");

        Assert.That(before, Is.EqualTo("value"));
        Assert.That(after, Is.Null);
        ResponseCacheStatistics stats = await WaitForEvictionAsync(cache);
        Assert.That(stats.Hits, Is.EqualTo(1));
        Assert.That(stats.Misses, Is.EqualTo(1));
        Assert.That(stats.Evictions, Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task GetOrCreateAsync_AfterTimeToLive_RunsTheFactoryAgain()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        await using ServiceProvider services = TestServices.Create(null, time);
        IResponseCache cache = services.GetRequiredService<IResponseCache>();
        int calls = 0;
        ValueTask<string> Factory(CancellationToken _) => ValueTask.FromResult($"v{++calls}");

        string first = await cache.GetOrCreateAsync("k", Factory, TimeSpan.FromSeconds(30));
        string cached = await cache.GetOrCreateAsync("k", Factory, TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(31));
        string refreshed = await cache.GetOrCreateAsync("k", Factory, TimeSpan.FromSeconds(30));

        Assert.That((first, cached, refreshed), Is.EqualTo(("v1", "v1", "v2")));
    }

    [Test]
    public async Task SetAsync_BeyondSizeLimit_EvictsAndStaysWithinTheLimit()
    {
        await using ServiceProvider services = TestServices.Create(null, settings: new Dictionary<string, string?> { ["Cache:SizeLimitBytes"] = "2000", ["Cache:MaximumEntryBytes"] = "1000" });
        IResponseCache cache = services.GetRequiredService<IResponseCache>();

        for (int i = 0; i < 60; i++)
        {
            await cache.SetAsync($"k{i}", new string('x', 100), TimeSpan.FromHours(1));
        }

        ResponseCacheStatistics stats = await WaitForEvictionAsync(cache);

        Assert.That(stats.Bytes, Is.LessThanOrEqualTo(2000));
        Assert.That(stats.Entries, Is.LessThanOrEqualTo(20));
        Assert.That(stats.Evictions, Is.GreaterThan(0));
    }

    [Test]
    public async Task SetAsync_ValueLargerThanMaximumEntry_IsNotCached()
    {
        await using ServiceProvider services = TestServices.Create(null, settings: new Dictionary<string, string?> { ["Cache:SizeLimitBytes"] = "10000", ["Cache:MaximumEntryBytes"] = "500" });
        IResponseCache cache = services.GetRequiredService<IResponseCache>();

        await cache.SetAsync("big", new string('x', 2000), TimeSpan.FromHours(1));

        Assert.That(await cache.TryGetAsync("big"), Is.Null);
    }

    [Test]
    public async Task GetOrCreateAsync_HundredConcurrentCallers_RunTheFactoryOnce()
    {
        await using ServiceProvider services = TestServices.Create(null);
        IResponseCache cache = services.GetRequiredService<IResponseCache>();
        int calls = 0;
        var gate = new TaskCompletionSource();

        Task<string>[] callers = [.. Enumerable.Range(0, 100).Select(_ => cache.GetOrCreateAsync("same", async ct =>
        {
            Interlocked.Increment(ref calls);
            await gate.Task.WaitAsync(ct);
            return "once";
        }, TimeSpan.FromMinutes(1)).AsTask())];
        gate.SetResult();
        string[] values = await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.That(calls, Is.EqualTo(1));
        Assert.That(values, Is.All.EqualTo("once"));
    }

    [Test]
    public async Task Partitions_SameKey_DoNotSeeEachOther()
    {
        await using ServiceProvider services = TestServices.Create(null);
        ICogServicesFactory factory = services.GetRequiredService<ICogServicesFactory>();
        await using ICogServices a = factory.Create("Alpha");
        await using ICogServices b = factory.Create("Beta");

        await a.Cache.SetAsync("k", "from alpha", TimeSpan.FromMinutes(5));

        Assert.That(await a.Cache.TryGetAsync("k"), Is.EqualTo("from alpha"));
        Assert.That(await b.Cache.TryGetAsync("k"), Is.Null);
        Assert.That(await services.GetRequiredService<IResponseCache>().TryGetAsync("k"), Is.Null);
    }

    [Test]
    public async Task DisposeAsync_CogUnloads_PurgesOnlyItsEntriesAndFreesThem()
    {
        await using ServiceProvider services = TestServices.Create(null);
        ICogServicesFactory factory = services.GetRequiredService<ICogServicesFactory>();
        ICogServices leaving = factory.Create("Leaving");
        await using ICogServices staying = factory.Create("Staying");
        for (int i = 0; i < 10; i++)
        {
            await leaving.Cache.SetAsync($"k{i}", "payload", TimeSpan.FromMinutes(5));
        }

        await staying.Cache.SetAsync("k0", "kept", TimeSpan.FromMinutes(5));
        long entriesBefore = staying.Cache.GetStatistics().Entries;

        await leaving.DisposeAsync();
        ICogServices reloaded = factory.Create("Leaving");

        Assert.That(entriesBefore, Is.EqualTo(11));
        Assert.That(staying.Cache.GetStatistics().Entries, Is.EqualTo(1));
        Assert.That(await reloaded.Cache.TryGetAsync("k0"), Is.Null);
        Assert.That(await staying.Cache.TryGetAsync("k0"), Is.EqualTo("kept"));
        await reloaded.DisposeAsync();
    }

    [Test]
    public async Task DisposeAsync_CogUnloads_DisposesTheLimitersItCreatedButNotTheSharedOnes()
    {
        await using ServiceProvider services = TestServices.Create(null);
        ICogServices cog = services.GetRequiredService<ICogServicesFactory>().Create("Limited");
        IKeyedRateLimiter own = cog.RateLimits.Create(new RateLimitPolicy(3, 1, TimeSpan.FromSeconds(1)));
        own.TryAcquire(1);

        await cog.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => own.TryAcquire(1));
        Assert.That(services.GetRequiredService<IRateLimitService>().PerUser.TryAcquire(1).IsAllowed, Is.True);
        Assert.Throws<ObjectDisposedException>(() => cog.RateLimits.Create(new RateLimitPolicy(1, 1, TimeSpan.FromSeconds(1))));
    }

    private static async Task<ResponseCacheStatistics> WaitForEvictionAsync(IResponseCache cache)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        ResponseCacheStatistics stats = cache.GetStatistics();
        while (stats.Evictions == 0)
        {
            await Task.Delay(10, guard.Token); // MemoryCache runs compaction and eviction callbacks on the thread pool
            stats = cache.GetStatistics();
        }

        return stats;
    }
}
