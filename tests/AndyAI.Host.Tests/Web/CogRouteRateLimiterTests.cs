using System.Net;
using System.Threading.RateLimiting;
using AndyAI.Host.Cogs.Http;
using AndyAI.Host.Web;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Host.Tests.Web;

/// <summary>The anonymous routes' allowance per caller: token buckets on the host's clock, as a partitioned limiter.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)] // a fresh clock and log per test
public sealed class CogRouteRateLimiterTests
{
    private readonly FakeTimeProvider _time = new();

    [Test]
    public void AttemptAcquire_AMinutesWorthAtOnce_ThenRefused_WithTheWaitForTheNext()
    {
        using CogRouteRateLimiter limiter = CreateSut();

        bool[] burst = [.. Enumerable.Range(0, 6).Select(_ => Take(limiter, "1.2.3.4", perMinute: 5).IsAcquired)];
        using RateLimitLease refused = Take(limiter, "1.2.3.4", perMinute: 5);

        Assert.That(burst, Is.EqualTo(new[] { true, true, true, true, true, false }));
        Assert.That(refused.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter), Is.True);
        Assert.That(retryAfter, Is.EqualTo(TimeSpan.FromSeconds(12)));
    }

    [Test]
    public void AttemptAcquire_RefillsAtTheRate_OnTheHostsClock()
    {
        using CogRouteRateLimiter limiter = CreateSut();
        for (int i = 0; i < 5; i++) Take(limiter, "1.2.3.4", perMinute: 5);

        _time.Advance(TimeSpan.FromSeconds(11));
        bool early = Take(limiter, "1.2.3.4", perMinute: 5).IsAcquired;
        _time.Advance(TimeSpan.FromSeconds(1));
        bool onTime = Take(limiter, "1.2.3.4", perMinute: 5).IsAcquired;
        bool tooSoon = Take(limiter, "1.2.3.4", perMinute: 5).IsAcquired;
        _time.Advance(TimeSpan.FromHours(1));
        bool[] full = [.. Enumerable.Range(0, 6).Select(_ => Take(limiter, "1.2.3.4", perMinute: 5).IsAcquired)];

        Assert.That((early, onTime, tooSoon), Is.EqualTo((false, true, false)));
        Assert.That(full.Count(a => a), Is.EqualTo(5), "an hour refills the bucket, never more than a minute's worth");
    }

    [Test]
    public void AttemptAcquire_EachCallerAndEachRouteHasItsOwnAllowance()
    {
        using CogRouteRateLimiter limiter = CreateSut();
        Take(limiter, "1.2.3.4", perMinute: 1);

        bool sameAgain = Take(limiter, "1.2.3.4", perMinute: 1).IsAcquired;
        bool otherCaller = Take(limiter, "5.6.7.8", perMinute: 1).IsAcquired;
        bool otherRoute = limiter.AttemptAcquire(new CogRouteCaller("hooks GET status", "1.2.3.4", 1)).IsAcquired;

        Assert.That((sameAgain, otherCaller, otherRoute), Is.EqualTo((false, true, true)));
    }

    [Test]
    public void CallerKey_IPv6IsItsSlash64_IPv4MappedIsIPv4()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CogHttpCallerBuckets.CallerKey(IPAddress.Parse("2001:db8:1:2:aaaa::1")), Is.EqualTo(CogHttpCallerBuckets.CallerKey(IPAddress.Parse("2001:db8:1:2:ffff::9"))));
            Assert.That(CogHttpCallerBuckets.CallerKey(IPAddress.Parse("2001:db8:1:2:aaaa::1")), Is.EqualTo("2001:db8:1:2::/64"));
            Assert.That(CogHttpCallerBuckets.CallerKey(IPAddress.Parse("2001:db8:1:3::1")), Is.Not.EqualTo(CogHttpCallerBuckets.CallerKey(IPAddress.Parse("2001:db8:1:2::1"))));
            Assert.That(CogHttpCallerBuckets.CallerKey(IPAddress.Parse("::ffff:10.0.0.1")), Is.EqualTo("10.0.0.1"));
            Assert.That(CogHttpCallerBuckets.CallerKey(null), Is.EqualTo("unknown"));
        });
    }

    [Test]
    public void IdleCallers_AreDroppedAfterAMinute()
    {
        using CogRouteRateLimiter limiter = CreateSut();
        for (int i = 0; i < 10; i++) Take(limiter, "10.0.0." + i, perMinute: 5);
        int tracked = limiter.TrackedCallers;

        _time.Advance(TimeSpan.FromMinutes(1));
        Take(limiter, "10.0.1.1", perMinute: 5);

        Assert.That((tracked, limiter.TrackedCallers), Is.EqualTo((10, 1)));
    }

    [Test]
    public void NewCallers_PastTheMaximumTracked_AreRefused_UntilIdleOnesAreDropped()
    {
        using CogRouteRateLimiter limiter = CreateSut(maxCallers: 3);
        for (int i = 0; i < 3; i++) Take(limiter, "10.0.0." + i, perMinute: 5);

        bool fourth = Take(limiter, "10.0.0.9", perMinute: 5).IsAcquired;
        bool known = Take(limiter, "10.0.0.1", perMinute: 5).IsAcquired;
        _time.Advance(TimeSpan.FromMinutes(1));
        bool fourthLater = Take(limiter, "10.0.0.9", perMinute: 5).IsAcquired;

        Assert.That((fourth, known, fourthLater), Is.EqualTo((false, true, true)));
    }

    [Test]
    public void NewCallers_WhileTheTableIsFull_WalkItForIdleOnesAtMostOnceASecond()
    {
        // A spread-out flood: every request from yet another address. Walking the whole table (100,000 buckets by
        // default) for each of them would cost far more than the request.
        var buckets = new CogHttpCallerBuckets(_time, maxCallers: 3);
        for (int i = 0; i < 3; i++) buckets.TryTake("hooks POST github", "10.0.0." + i, 5, out _);
        long before = buckets.Sweeps;

        bool[] flood = [.. Enumerable.Range(0, 100).Select(i => buckets.TryTake("hooks POST github", "10.1.0." + i, 5, out _))];
        long during = buckets.Sweeps - before;
        _time.Advance(TimeSpan.FromSeconds(1));
        buckets.TryTake("hooks POST github", "10.2.0.1", 5, out _);
        long aSecondLater = buckets.Sweeps - before;

        Assert.That(flood, Is.All.False);
        Assert.That((during, aSecondLater), Is.EqualTo((0L, 1L)));
        Assert.That(buckets.Count, Is.EqualTo(3));
    }

    private static RateLimitLease Take(CogRouteRateLimiter limiter, string address, int perMinute) =>
        limiter.AttemptAcquire(new CogRouteCaller("hooks POST github", CogHttpCallerBuckets.CallerKey(IPAddress.Parse(address)), perMinute));

    private CogRouteRateLimiter CreateSut(int maxCallers = CogHttpCallerBuckets.DefaultMaxCallers) => new(_time, maxCallers);
}
