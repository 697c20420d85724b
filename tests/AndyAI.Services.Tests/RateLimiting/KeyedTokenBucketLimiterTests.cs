using AndyAI.Abstractions.RateLimiting;
using AndyAI.Services.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Services.Tests.RateLimiting;

public sealed class KeyedTokenBucketLimiterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    private KeyedTokenBucketLimiter CreateSut(int capacity = 3, int tokensPerPeriod = 1, double periodSeconds = 10) =>
        new(new RateLimitPolicy(capacity, tokensPerPeriod, TimeSpan.FromSeconds(periodSeconds)), _time);

    [Test]
    public void TryAcquire_BurstUsedUp_DeniesWithTimeUntilNextToken()
    {
        using KeyedTokenBucketLimiter sut = CreateSut();

        bool[] allowed = [.. Enumerable.Range(0, 3).Select(_ => sut.TryAcquire(7).IsAllowed)];
        _time.Advance(TimeSpan.FromSeconds(4));
        RateLimitDecision denied = sut.TryAcquire(7);

        Assert.That(allowed, Is.All.True);
        Assert.That(denied.IsAllowed, Is.False);
        Assert.That(denied.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(6)));
    }

    [Test]
    public void TryAcquire_OneUserExhausted_OtherUsersUnaffected()
    {
        using KeyedTokenBucketLimiter sut = CreateSut(capacity: 1);

        sut.TryAcquire(1);
        RateLimitDecision sameUser = sut.TryAcquire(1);
        RateLimitDecision otherUser = sut.TryAcquire(2);

        Assert.That(sameUser.IsAllowed, Is.False);
        Assert.That(otherUser.IsAllowed, Is.True);
    }

    [Test]
    public void TryAcquire_AfterRefillPeriods_TokensComeBackUpToCapacity()
    {
        using KeyedTokenBucketLimiter sut = CreateSut(capacity: 3, tokensPerPeriod: 1, periodSeconds: 10);
        for (int i = 0; i < 3; i++)
        {
            sut.TryAcquire(5);
        }

        _time.Advance(TimeSpan.FromSeconds(10));
        bool oneBack = sut.TryAcquire(5).IsAllowed;
        bool secondStillMissing = sut.TryAcquire(5).IsAllowed;
        _time.Advance(TimeSpan.FromHours(1));
        int afterLongIdle = Enumerable.Range(0, 10).Count(_ => sut.TryAcquire(5).IsAllowed);

        Assert.That(oneBack, Is.True);
        Assert.That(secondStillMissing, Is.False);
        Assert.That(afterLongIdle, Is.EqualTo(3), "a bucket never holds more than its capacity");
    }

    [Test]
    public void TryAcquire_SeveralPermits_TakesThemAtOnce()
    {
        using KeyedTokenBucketLimiter sut = CreateSut(capacity: 5, tokensPerPeriod: 2, periodSeconds: 1);

        RateLimitDecision four = sut.TryAcquire(9, 4);
        RateLimitDecision twoMore = sut.TryAcquire(9, 2);

        Assert.That(four.IsAllowed, Is.True);
        Assert.That(twoMore.IsAllowed, Is.False);
        Assert.That(twoMore.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => sut.TryAcquire(9, 6));
    }

    [TestCase(0, 1, 1)]
    [TestCase(1, 0, 1)]
    [TestCase(1, 1, 0)]
    [TestCase(-1, 1, 1)]
    public void Ctor_InvalidPolicy_ThrowsArgumentException(int capacity, int tokens, double seconds)
    {
        Assert.Throws<ArgumentException>(() => CreateSut(capacity, tokens, seconds));
    }

    [Test]
    public void TryAcquire_AMillionDistinctUsers_IdleBucketsAreDroppedAndMemoryStaysBounded()
    {
        using KeyedTokenBucketLimiter sut = CreateSut(capacity: 2, tokensPerPeriod: 1, periodSeconds: 1);
        long before = GC.GetTotalMemory(forceFullCollection: true);
        int maxTracked = 0;

        for (int wave = 0; wave < 100; wave++)
        {
            ulong first = (ulong)wave * 10_000;
            for (ulong user = first; user < first + 10_000; user++)
            {
                sut.TryAcquire(user);
            }

            maxTracked = Math.Max(maxTracked, sut.TrackedKeys);
            _time.Advance(TimeSpan.FromSeconds(1)); // the sweep timer runs every refill time (2 s)
        }

        _time.Advance(TimeSpan.FromSeconds(5));
        long after = GC.GetTotalMemory(forceFullCollection: true);

        Assert.That(maxTracked, Is.LessThanOrEqualTo(40_000), "only keys active within about one refill time are held");
        Assert.That(sut.TrackedKeys, Is.Zero);
        Assert.That(after - before, Is.LessThan(16L * 1024 * 1024), "a million users seen, nothing kept");
        Assert.That(sut.Allowed, Is.EqualTo(1_000_000));
    }

    [Test]
    public void Sweep_BucketStillRefilling_IsKept()
    {
        using KeyedTokenBucketLimiter sut = CreateSut(capacity: 3, tokensPerPeriod: 1, periodSeconds: 10);
        sut.TryAcquire(1);
        sut.TryAcquire(1);
        _time.Advance(TimeSpan.FromSeconds(15));

        int removed = sut.Sweep();

        Assert.That(removed, Is.Zero);
        Assert.That(sut.TryAcquire(1).IsAllowed && sut.TryAcquire(1).IsAllowed, Is.True);
        Assert.That(sut.TryAcquire(1).IsAllowed, Is.False, "dropping a half-empty bucket would have granted a fresh burst");
    }

    [Test]
    public async Task RateLimitService_PerUserAndPerGuild_UseTheirOwnConfiguredBuckets()
    {
        await using ServiceProvider services = TestServices.Create(null, _time, new Dictionary<string, string?>
        {
            ["RateLimits:PerUser:Capacity"] = "2", ["RateLimits:PerUser:TokensPerPeriod"] = "1", ["RateLimits:PerUser:Period"] = "00:00:10",
            ["RateLimits:PerGuild:Capacity"] = "3", ["RateLimits:PerGuild:TokensPerPeriod"] = "3", ["RateLimits:PerGuild:Period"] = "00:01:00",
        });
        IRateLimitService limits = services.GetRequiredService<IRateLimitService>();

        int userAllowed = Enumerable.Range(0, 5).Count(_ => limits.PerUser.TryAcquire(42).IsAllowed);
        int guildAllowed = Enumerable.Range(0, 5).Count(_ => limits.PerGuild.TryAcquire(42).IsAllowed);
        RateLimitDecision guildDenied = limits.PerGuild.TryAcquire(42);
        _time.Advance(TimeSpan.FromSeconds(10));
        bool userRefilled = limits.PerUser.TryAcquire(42).IsAllowed;
        bool guildStillEmpty = limits.PerGuild.TryAcquire(42).IsAllowed;

        Assert.That(userAllowed, Is.EqualTo(2));
        Assert.That(guildAllowed, Is.EqualTo(3));
        Assert.That(guildDenied.RetryAfter, Is.EqualTo(TimeSpan.FromMinutes(1)));
        Assert.That(userRefilled, Is.True);
        Assert.That(guildStillEmpty, Is.False);
        RateLimitStatistics stats = services.GetRequiredService<IServicesStatistics>().Snapshot().RateLimits;
        Assert.That(stats.Allowed, Is.EqualTo(6));
        Assert.That(stats.TrackedUsers, Is.EqualTo(1));
    }

    [Test]
    public async Task TryAcquireBothAsync_LocalBuckets_CompleteAtOnceAndADeniedUserSpendsNoGuildToken()
    {
        using var limits = new RateLimitService(Microsoft.Extensions.Options.Options.Create(new RateLimitOptions
        {
            PerUser = new TokenBucketOptions { Capacity = 1, TokensPerPeriod = 1, Period = TimeSpan.FromMinutes(1) },
            PerGuild = new TokenBucketOptions { Capacity = 2, TokensPerPeriod = 1, Period = TimeSpan.FromMinutes(1) },
        }), _time);
        using var cog = new CogRateLimitService(limits, "Chat");

        ValueTask<RateLimitDecisions> pending = cog.TryAcquireBothAsync(cog.PerUser, 1, cog.PerGuild, 9);
        bool completedAtOnce = pending.IsCompletedSuccessfully;
        RateLimitDecisions first = await pending;
        RateLimitDecisions userDenied = await cog.TryAcquireBothAsync(cog.PerUser, 1, cog.PerGuild, 9);
        RateLimitDecisions otherUser = await cog.TryAcquireBothAsync(cog.PerUser, 2, cog.PerGuild, 9);
        RateLimitDecisions guildDenied = await cog.TryAcquireBothAsync(cog.PerUser, 3, cog.PerGuild, 9);

        Assert.That(completedAtOnce, Is.True, "local buckets never wait");
        Assert.That(first.IsAllowed, Is.True);
        Assert.That((userDenied.First.IsAllowed, userDenied.Second.IsAllowed), Is.EqualTo((false, true)));
        Assert.That(userDenied.First.RetryAfter, Is.EqualTo(TimeSpan.FromMinutes(1)));
        Assert.That(otherUser.IsAllowed, Is.True, "the denied user took no token from guild 9");
        Assert.That((guildDenied.First.IsAllowed, guildDenied.Second.IsAllowed), Is.EqualTo((true, false)));
        Assert.That(limits.PerGuildLimiter.Denied, Is.EqualTo(1));
    }

    [Test]
    public async Task TryAcquireBothAsync_ALimiterOfAnotherKind_IsAskedInTurn()
    {
        using var limits = new RateLimitService(Microsoft.Extensions.Options.Options.Create(new RateLimitOptions()), _time);
        var custom = new CountingLimiter(allow: false);

        RateLimitDecisions taken = await limits.TryAcquireBothAsync(limits.PerUser, 1, custom, 9);
        RateLimitDecisions customFirst = await limits.TryAcquireBothAsync(custom, 9, limits.PerUser, 1);

        Assert.That((taken.First.IsAllowed, taken.Second.IsAllowed), Is.EqualTo((true, false)));
        Assert.That((customFirst.First.IsAllowed, customFirst.Second.IsAllowed), Is.EqualTo((false, true)));
        Assert.That(custom.Calls, Is.EqualTo(2), "through the contract's default TryAcquireAsync");
    }

    private sealed class CountingLimiter(bool allow) : IKeyedRateLimiter
    {
        public int Calls { get; private set; }

        public RateLimitDecision TryAcquire(ulong key, int permits = 1)
        {
            Calls++;
            return allow ? RateLimitDecision.Allowed : new RateLimitDecision(false, TimeSpan.FromSeconds(1));
        }

        public void Dispose()
        {
        }
    }
}
