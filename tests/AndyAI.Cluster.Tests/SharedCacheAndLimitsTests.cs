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
        Assert.That(await new ResponseCachePartition(observer, "host").TryGetAsync("prompt"), Is.EqualTo("answer"), "stored before it was handed out");
        string second = await new ResponseCachePartition(b, "host").GetOrCreateAsync("prompt", _ => { calls++; return ValueTask.FromResult("other"); }, TimeSpan.FromMinutes(5));

        Assert.That(first, Is.EqualTo("answer"));
        Assert.That(second, Is.EqualTo("answer"));
        Assert.That(calls, Is.EqualTo(1));
    }

    [Test]
    public async Task Cache_MissIsTwoRoundTrips_AnotherProcessReadsItInOne_ThenFromMemory()
    {
        (ResponseCacheStore a, _) = await CreateStoreAsync("a");
        (ResponseCacheStore b, _) = await CreateStoreAsync("b");
        await using RedisMonitor monitor = await RedisMonitor.StartAsync(Server.Port);
        await monitor.MarkAsync();
        TimeSpan ttl = TimeSpan.FromMinutes(5);

        string asked = await new ResponseCachePartition(a, "host").GetOrCreateAsync("prompt", _ => ValueTask.FromResult("answer"), ttl);
        IReadOnlyList<string> miss = await monitor.MarkAsync();
        string elsewhere = await new ResponseCachePartition(b, "host").GetOrCreateAsync("prompt", _ => ValueTask.FromResult("not asked"), ttl);
        IReadOnlyList<string> sharedHit = await monitor.MarkAsync();
        string again = await new ResponseCachePartition(b, "host").GetOrCreateAsync("prompt", _ => ValueTask.FromResult("not asked"), ttl);
        IReadOnlyList<string> localHit = await monitor.MarkAsync();

        Assert.That((asked, elsewhere, again), Is.EqualTo(("answer", "answer", "answer")));
        Assert.That(miss, Has.Count.EqualTo(2), "read-or-lock, then store-release-announce: " + string.Join(", ", miss));
        Assert.That(sharedHit, Has.Count.EqualTo(1), "the read finds the value: " + string.Join(", ", sharedHit));
        Assert.That(localHit, Is.Empty, "kept in B's memory since");
        Assert.That(b.GetStatistics().Hits, Is.EqualTo(2), "a value found in Redis is a hit, not a miss");
    }

    [Test]
    public async Task Cache_CogReadOfAnotherProcessesValue_KeepsItForTheTimeItHasLeft()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        (ResponseCacheStore a, _) = await CreateStoreAsync("a");
        (ResponseCacheStore b, _) = await CreateStoreAsync("b", clock);
        await new ResponseCachePartition(a, "Chat").SetAsync("k", "v", TimeSpan.FromMinutes(10));
        var inB = new ResponseCachePartition(b, "Chat");

        Assert.That(await inB.TryGetAsync("k"), Is.EqualTo("v"), "read through Redis");
        await using RedisMonitor monitor = await RedisMonitor.StartAsync(Server.Port);
        await monitor.MarkAsync();
        Assert.That(await inB.TryGetAsync("k"), Is.EqualTo("v"));
        Assert.That(await monitor.MarkAsync(), Is.Empty, "from memory the second time");

        clock.Advance(TimeSpan.FromMinutes(11));
        b.Compact();
        Assert.That(await inB.TryGetAsync("k"), Is.EqualTo("v").Or.Null);
        Assert.That(await monitor.MarkAsync(), Has.Count.EqualTo(1), "past the time it had left in Redis, memory no longer answers: Redis is asked again");
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
    public async Task Buckets_UserThenGuild_IsOneRoundTrip_AndADeniedUserSpendsNoGuildToken()
    {
        RateLimitService a = await CreateLimitsAsync("a");
        RateLimitService b = await CreateLimitsAsync("b");
        await using RedisMonitor monitor = await RedisMonitor.StartAsync(Server.Port);
        await monitor.MarkAsync();

        RateLimitDecisions first = await a.TryAcquireBothAsync(a.PerUser, 1, a.PerGuild, 9);
        IReadOnlyList<string> commands = await monitor.MarkAsync();
        RateLimitDecisions second = await b.TryAcquireBothAsync(b.PerUser, 1, b.PerGuild, 9);
        RateLimitDecisions third = await a.TryAcquireBothAsync(a.PerUser, 1, a.PerGuild, 9);
        RateLimitDecisions userDenied = await b.TryAcquireBothAsync(b.PerUser, 1, b.PerGuild, 9);
        RateLimitDecisions guildDenied = await a.TryAcquireBothAsync(a.PerUser, 2, a.PerGuild, 9);

        Assert.That(commands, Has.Count.EqualTo(1), string.Join(", ", commands));
        Assert.That(new[] { first.IsAllowed, second.IsAllowed, third.IsAllowed }, Is.All.True, "capacity 3 for user 1 and guild 9, across both processes");
        Assert.That((userDenied.First.IsAllowed, userDenied.Second.IsAllowed), Is.EqualTo((false, true)), "the guild is not asked for a denied user");
        Assert.That(userDenied.First.RetryAfter, Is.GreaterThan(TimeSpan.Zero));
        Assert.That((guildDenied.First.IsAllowed, guildDenied.Second.IsAllowed), Is.EqualTo((true, false)), "guild 9 gave its 3 tokens: the denied user took none");
        Assert.That(guildDenied.Second.RetryAfter, Is.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public async Task Buckets_ASharedAndALocalLimiter_AreAskedOneAfterTheOther()
    {
        RateLimitService a = await CreateLimitsAsync("a");
        using IKeyedRateLimiter local = a.Create(new RateLimitPolicy(1, 1, TimeSpan.FromMinutes(1))); // this process's buckets only
        await using RedisMonitor monitor = await RedisMonitor.StartAsync(Server.Port);
        await monitor.MarkAsync();

        RateLimitDecisions first = await a.TryAcquireBothAsync(a.PerUser, 1, local, 9);
        RateLimitDecisions second = await a.TryAcquireBothAsync(a.PerUser, 1, local, 9);

        Assert.That((first.IsAllowed, second.First.IsAllowed, second.Second.IsAllowed), Is.EqualTo((true, true, false)), "the local bucket of 1 ran out");
        Assert.That(await monitor.MarkAsync(), Has.Count.EqualTo(2), "one script per check of the shared user bucket, none for the local one");
    }

    [Test]
    public async Task Buckets_UserThenGuild_RedisDown_DecidesLocally()
    {
        (RateLimitService a, RedisConnection redis) = await CreateLimitsWithRedisAsync("a");
        await Server.StopAsync();
        await WaitUntilAsync(() => Task.FromResult(!redis.IsAvailable));

        RateLimitDecisions[] taken = [.. await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => a.TryAcquireBothAsync(a.PerUser, 1, a.PerGuild, 9).AsTask()))];

        Assert.That(taken.Select(t => t.IsAllowed), Is.EqualTo(new[] { true, true, true, false }), "the local buckets hold 3");
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

    private async Task<(ResponseCacheStore Store, RedisConnection Redis)> CreateStoreAsync(string name, TimeProvider? time = null)
    {
        RedisConnection redis = await ConnectAsync(name);
        var shared = new RedisResponseCache(redis, TimeProvider.System, NullLogger<RedisResponseCache>.Instance, Options.Create(new CacheOptions()));
        var store = new ResponseCacheStore(Options.Create(new CacheOptions()), time ?? TimeProvider.System, shared);
        DisposeAfter(store.Dispose);
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
        DisposeAfter(limits.Dispose);
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
}
