using AndyAI.Abstractions.RateLimiting;
using AndyAI.Cluster.Caching;
using AndyAI.Cluster.RateLimiting;
using AndyAI.Services.Caching;
using AndyAI.Services.RateLimiting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AndyAI.Cluster.Tests;

/// <summary>The response cache's shared level and the shared token buckets, between two "processes" on one real Redis.</summary>
public sealed class SharedCacheAndLimitsTests : RedisFixture
{
    [Test]
    public async Task Cache_AnswerCachedByOneProcess_ServesTheOther()
    {
        (ResponseCacheStore a, _) = await CreateStoreAsync("a");
        (ResponseCacheStore b, _) = await CreateStoreAsync("b");
        (ResponseCacheStore observer, _) = await CreateStoreAsync("observer");
        int calls = 0;

        string first = await new ResponseCachePartition(a, "host").GetOrCreateAsync("prompt", _ => { calls++; return ValueTask.FromResult("answer"); }, TimeSpan.FromMinutes(5));
        // HybridCache writes the second level after handing the value out.
        await WaitUntilAsync(async () => await new ResponseCachePartition(observer, "host").TryGetAsync("prompt") is not null);
        string second = await new ResponseCachePartition(b, "host").GetOrCreateAsync("prompt", _ => { calls++; return ValueTask.FromResult("other"); }, TimeSpan.FromMinutes(5));

        Assert.That(first, Is.EqualTo("answer"));
        Assert.That(second, Is.EqualTo("answer"));
        Assert.That(calls, Is.EqualTo(1));
    }

    [Test]
    public async Task Cache_PurgeInOneProcess_EmptiesThePartitionInTheOthers()
    {
        (ResponseCacheStore a, _) = await CreateStoreAsync("a");
        (ResponseCacheStore b, _) = await CreateStoreAsync("b");
        var inA = new ResponseCachePartition(a, "Chat");
        var inB = new ResponseCachePartition(b, "Chat");
        var otherCog = new ResponseCachePartition(b, "Other");
        await inA.SetAsync("k", "v", TimeSpan.FromMinutes(5));
        await otherCog.SetAsync("k", "kept", TimeSpan.FromMinutes(5));
        await WaitUntilAsync(async () => await inB.TryGetAsync("k") is not null);
        Assert.That(await inB.TryGetAsync("k"), Is.EqualTo("v"), "B read it through Redis and keeps it in memory now");

        await inA.PurgeAsync();

        await WaitUntilAsync(async () => await inB.TryGetAsync("k") is null);
        Assert.That(await otherCog.TryGetAsync("k"), Is.EqualTo("kept"));
        Assert.That(await new ResponseCachePartition((await CreateStoreAsync("c")).Store, "Chat").TryGetAsync("k"), Is.Null, "gone from Redis too");
    }

    [Test]
    public async Task Cache_RedisDown_WorksAloneWithoutErrors()
    {
        (ResponseCacheStore a, _) = await CreateStoreAsync("a");
        await Server.StopAsync();
        var partition = new ResponseCachePartition(a, "host");
        int calls = 0;

        string value = await partition.GetOrCreateAsync("p", _ => { calls++; return ValueTask.FromResult("local"); }, TimeSpan.FromMinutes(1));
        string again = await partition.GetOrCreateAsync("p", _ => { calls++; return ValueTask.FromResult("x"); }, TimeSpan.FromMinutes(1));
        await partition.PurgeAsync();

        Assert.That((value, again, calls), Is.EqualTo(("local", "local", 1)));
    }

    [Test]
    public async Task Buckets_AUserRoutedToTwoProcesses_GetsOneLimit()
    {
        RateLimitService a = await CreateLimitsAsync("a");
        RateLimitService b = await CreateLimitsAsync("b");

        bool[] allowed = [a.PerUser.TryAcquire(42).IsAllowed, b.PerUser.TryAcquire(42).IsAllowed, a.PerUser.TryAcquire(42).IsAllowed, b.PerUser.TryAcquire(42).IsAllowed];
        RateLimitDecision denied = a.PerUser.TryAcquire(42);

        Assert.That(allowed, Is.EqualTo(new[] { true, true, true, false }), "capacity 3 across both processes");
        Assert.That(denied.IsAllowed, Is.False);
        Assert.That(denied.RetryAfter, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromMinutes(1)));
        Assert.That(b.PerUser.TryAcquire(43).IsAllowed, Is.True, "another user has a bucket of their own");
        Assert.That(a.PerGuild.TryAcquire(42).IsAllowed, Is.True, "the guild buckets are apart from the user buckets");
    }

    [Test]
    public async Task Buckets_CogLimiters_AreSharedPerCogAndCreationOrder()
    {
        RateLimitService a = await CreateLimitsAsync("a");
        RateLimitService b = await CreateLimitsAsync("b");
        var policy = new RateLimitPolicy(1, 1, TimeSpan.FromMinutes(1));
        using var cogA = new CogRateLimitService(a, "Chat");
        using var cogB = new CogRateLimitService(b, "Chat");
        using var otherCog = new CogRateLimitService(b, "Other");

        Assert.That(cogA.Create(policy).TryAcquire(7).IsAllowed, Is.True);
        Assert.That(cogB.Create(policy).TryAcquire(7).IsAllowed, Is.False, "the same cog's first limiter, in another process");
        Assert.That(otherCog.Create(policy).TryAcquire(7).IsAllowed, Is.True);
    }

    [Test]
    public async Task Buckets_RedisDownThenBackEmpty_FallBackLocallyThenRebuild()
    {
        (RateLimitService a, RedisConnection redis) = await CreateLimitsWithRedisAsync("a");
        for (int i = 0; i < 3; i++) a.PerUser.TryAcquire(1);
        Assert.That(a.PerUser.TryAcquire(1).IsAllowed, Is.False);

        await Server.StopAsync();
        await WaitUntilAsync(() => Task.FromResult(!redis.IsAvailable));
        bool alone = a.PerUser.TryAcquire(1).IsAllowed;
        await Server.StartAgainAsync();
        await WaitUntilAsync(() => Task.FromResult(redis.IsAvailable));

        Assert.That(alone, Is.True, "alone, the process's own (untouched) bucket decides");
        Assert.That(a.PerUser.TryAcquire(1).IsAllowed, Is.True, "Redis came back empty: a fresh bucket");
    }

    private async Task<(ResponseCacheStore Store, RedisConnection Redis)> CreateStoreAsync(string name)
    {
        RedisConnection redis = await ConnectAsync(name);
        var shared = new RedisResponseCache(redis, TimeProvider.System, NullLogger<RedisResponseCache>.Instance);
        var store = new ResponseCacheStore(Options.Create(new CacheOptions()), TimeProvider.System, shared);
        Disposables.Add(new Disposer(() => { store.Dispose(); shared.Dispose(); }));
        return (store, redis);
    }

    private async Task<RateLimitService> CreateLimitsAsync(string name) => (await CreateLimitsWithRedisAsync(name)).Limits;

    private async Task<(RateLimitService Limits, RedisConnection Redis)> CreateLimitsWithRedisAsync(string name)
    {
        RedisConnection redis = await ConnectAsync(name);
        var options = new RateLimitOptions
        {
            PerUser = new TokenBucketOptions { Capacity = 3, TokensPerPeriod = 1, Period = TimeSpan.FromMinutes(1) },
            PerGuild = new TokenBucketOptions { Capacity = 3, TokensPerPeriod = 1, Period = TimeSpan.FromMinutes(1) },
        };
        var limits = new RateLimitService(Options.Create(options), TimeProvider.System, new RedisTokenBuckets(redis));
        Disposables.Add(new Disposer(limits.Dispose));
        return (limits, redis);
    }

    private async Task<RedisConnection> ConnectAsync(string name)
    {
        var redis = new RedisConnection(Options.Create(new ClusterOptions { RedisUrl = Server.Url, InstanceName = name }), TimeProvider.System, NullLogger<RedisConnection>.Instance);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        redis.Restored += () => ready.TrySetResult();
        redis.Start();
        await ready.Task.WaitAsync(Guard);
        Disposables.Add(redis);
        return redis;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(Guard);
        while (!await condition()) await Task.Delay(25, timeout.Token);
    }

    private sealed class Disposer(Action dispose) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            dispose();
            return ValueTask.CompletedTask;
        }
    }
}
