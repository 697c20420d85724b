using AndyAI.Cluster.RateLimiting;
using AndyAI.Discord.Rest.RateLimits;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Cluster.Tests;

/// <summary>Discord's per-token REST limits shared by two processes on one real Redis.</summary>
public sealed class RestLimitsTests : RedisFixture
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 3, 0, 0, 200, TimeSpan.Zero));

    [Test]
    public async Task GlobalLimit_TwoProcessesInOneSecond_GetTheLimitBetweenThem()
    {
        RedisRestCoordinator a = await CreateAsync("a");
        RedisRestCoordinator b = await CreateAsync("b");
        int granted = 0;
        TimeSpan? denied = null;

        for (int i = 0; i < 15; i++) granted += await a.TryAcquireGlobalAsync(20, CancellationToken.None) == TimeSpan.Zero ? 1 : 0;
        for (int i = 0; i < 15; i++)
        {
            TimeSpan? wait = await b.TryAcquireGlobalAsync(20, CancellationToken.None);
            if (wait == TimeSpan.Zero) granted++;
            else denied ??= wait;
        }

        // Never more than the limit; each process may hold back up to chunk - 1 (here 1) reserved but unused.
        Assert.That(granted, Is.InRange(18, 20));
        Assert.That(denied, Is.EqualTo(TimeSpan.FromMilliseconds(800)), "until the next second");
    }

    [Test]
    public async Task GlobalLimit_NextSecond_IsAFreshBudget()
    {
        RedisRestCoordinator a = await CreateAsync("a");
        for (int i = 0; i < 5; i++) await a.TryAcquireGlobalAsync(5, CancellationToken.None);
        Assert.That(await a.TryAcquireGlobalAsync(5, CancellationToken.None), Is.GreaterThan(TimeSpan.Zero));

        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.That(await a.TryAcquireGlobalAsync(5, CancellationToken.None), Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public async Task InvalidBudget_CountsEveryProcess()
    {
        RedisRestCoordinator a = await CreateAsync("a");
        RedisRestCoordinator b = await CreateAsync("b");

        for (int i = 0; i < 3; i++) a.RecordInvalid();
        b.RecordInvalid();

        using var timeout = new CancellationTokenSource(Guard);
        while (b.InvalidInWindow != 4)
        {
            _time.Advance(TimeSpan.FromSeconds(5)); // lets the next read refresh
            await Task.Delay(20, timeout.Token);
        }

        Assert.That(b.InvalidInWindow, Is.EqualTo(4));
    }

    [Test]
    public async Task RedisDown_AnswersNull_SoTheProcessKeepsItsOwnLimits()
    {
        RedisRestCoordinator a = await CreateAsync("a");
        await Server.StopAsync();

        using var timeout = new CancellationTokenSource(Guard);
        TimeSpan? answer;
        while ((answer = await a.TryAcquireGlobalAsync(50, CancellationToken.None)) is not null) await Task.Delay(20, timeout.Token);

        var limiter = new RestRateLimiter(_time, invalidRequestBudget: 100, globalPerSecond: 2, coordinator: a);
        await limiter.WaitGlobalAsync(CancellationToken.None);
        await limiter.WaitGlobalAsync(CancellationToken.None);
        Task third = limiter.WaitGlobalAsync(CancellationToken.None).AsTask();
        Assert.That(third.IsCompleted, Is.False, "the local window of 2 per second holds");
        _time.Advance(TimeSpan.FromSeconds(1));
        await third.WaitAsync(Guard);
    }

    [Test]
    public async Task GlobalPause_OneProcessGetsAGlobal429_TheOthersPauseToo()
    {
        RedisRestCoordinator a = await CreateAsync("a");
        RedisRestCoordinator b = await CreateAsync("b");
        await a.SubscribeAsync();
        await b.SubscribeAsync();
        var limiterA = new RestRateLimiter(_time, invalidRequestBudget: 100, globalPerSecond: 50, coordinator: a);
        var limiterB = new RestRateLimiter(_time, invalidRequestBudget: 100, globalPerSecond: 50, coordinator: b);
        await limiterB.WaitGlobalAsync(CancellationToken.None); // subscribes B's limiter to the others' pauses
        var heard = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        b.GlobalPaused += pause => heard.TrySetResult(pause);

        limiterA.PauseGlobal(TimeSpan.FromSeconds(2));

        Assert.That(await heard.Task.WaitAsync(Guard), Is.EqualTo(TimeSpan.FromSeconds(2)));
        Task waiting = limiterB.WaitGlobalAsync(CancellationToken.None).AsTask();
        Assert.That(waiting.IsCompleted, Is.False, "B waits out A's global 429");
        _time.Advance(TimeSpan.FromSeconds(3));
        await waiting.WaitAsync(Guard);
    }

    private async Task<RedisRestCoordinator> CreateAsync(string name)
    {
        var redis = new RedisConnection(Options.Create(new ClusterOptions { RedisUrl = Server.Url, InstanceName = name }), TimeProvider.System, NullLogger<RedisConnection>.Instance);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        redis.Restored += () => ready.TrySetResult();
        redis.Start();
        await ready.Task.WaitAsync(Guard);
        Disposables.Add(redis);
        return new RedisRestCoordinator(redis, _time);
    }
}
