using System.Globalization;
using System.Threading.Channels;
using AndyAI.Cluster.RateLimiting;
using AndyAI.Discord.Rest.RateLimits;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace AndyAI.Cluster.Tests;

/// <summary>Discord's per-token REST limits shared by two processes on one real Redis.</summary>
public sealed class RestLimitsTests : RedisFixture
{
    private FakeTimeProvider _time = null!;

    // NUnit shares one fixture instance between its tests: each gets its own clock, 200 ms into a second.
    [SetUp]
    public void StartClock() => _time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 3, 0, 0, 200, TimeSpan.Zero));

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

    [Test]
    public async Task Prepaid_RequestsWithinThePrepaidTokens_CostNoRoundTrip()
    {
        (RedisRestCoordinator a, _) = await CreateProcessAsync("a");
        ChannelReader<(long Second, int Granted)> ticks = StartPrepay(a);
        (long first, int idle) = await ticks.ReadAsync().AsTask().WaitAsync(Guard);
        var limiter = new RestRateLimiter(_time, invalidRequestBudget: 100, globalPerSecond: 50, coordinator: a);
        for (int i = 0; i < 10; i++) await limiter.WaitGlobalAsync(CancellationToken.None); // this second's demand

        AdvanceToNextPrepay();
        (long second, int prepaid) = await ticks.ReadAsync().AsTask().WaitAsync(Guard);
        _time.Advance(RedisRestCoordinator.PrepayLead); // the prepaid second begins
        await using RedisMonitor monitor = await RedisMonitor.StartAsync(Server.Port);
        await monitor.MarkAsync();
        for (int i = 0; i < prepaid; i++) await limiter.WaitGlobalAsync(CancellationToken.None);
        IReadOnlyList<string> duringPrepaid = RequestCommands(await monitor.MarkAsync());
        await limiter.WaitGlobalAsync(CancellationToken.None);
        IReadOnlyList<string> afterPrepaid = RequestCommands(await monitor.MarkAsync());

        Assert.That((first, idle), Is.EqualTo((_time.GetUtcNow().ToUnixTimeSeconds() - 1, RedisRestCoordinator.MinimumPrepaid)), "at start, the minimum for the current second");
        Assert.That((second, prepaid), Is.EqualTo((_time.GetUtcNow().ToUnixTimeSeconds(), 10)), "the next second, as much as the last one asked (at most 50 over the live processes)");
        Assert.That(duringPrepaid, Is.Empty, "no script, GET or MGET while prepaid tokens last, the invalid count included");
        Assert.That(afterPrepaid, Has.Count.EqualTo(1).And.All.StartWith("eval"), "then one on-demand reservation");
    }

    [Test]
    public async Task Prepaid_ThreeProcessesHammeringOneSecond_NeverPassTheLimitTogether()
    {
        var processes = new List<(RedisRestCoordinator Coordinator, ChannelReader<(long Second, int Granted)> Ticks)>();
        RedisConnection? anyConnection = null;
        foreach (string name in new[] { "a", "b", "c" })
        {
            (RedisRestCoordinator coordinator, RedisConnection redis) = await CreateProcessAsync(name);
            await new ClusterMembers(redis, _time).HeartbeatAsync(redis.Database!); // alive, as the shard coordinator says
            anyConnection ??= redis;
            processes.Add((coordinator, null!));
        }

        for (int i = 0; i < processes.Count; i++)
        {
            // The first round learns that three processes are alive.
            ChannelReader<(long Second, int Granted)> ticks = StartPrepay(processes[i].Coordinator);
            await ticks.ReadAsync().AsTask().WaitAsync(Guard);
            processes[i] = (processes[i].Coordinator, ticks);
        }

        foreach ((RedisRestCoordinator coordinator, _) in processes)
        {
            for (int i = 0; i < 20; i++) await coordinator.TryAcquireGlobalAsync(50, CancellationToken.None);
        }

        AdvanceToNextPrepay();
        int prepaid = 0;
        foreach ((_, ChannelReader<(long Second, int Granted)> ticks) in processes) prepaid += (await ticks.ReadAsync().AsTask().WaitAsync(Guard)).Granted;
        _time.Advance(RedisRestCoordinator.PrepayLead);
        var answers = new List<TimeSpan?>();
        for (int round = 0; round < 40; round++)
        {
            // All three at once, each one request after another (concurrent requests of one process would each
            // reserve a chunk and leave most of it unused, hiding a process that takes more than its share).
            answers.AddRange(await Task.WhenAll(processes.Select(p => p.Coordinator.TryAcquireGlobalAsync(50, CancellationToken.None).AsTask())));
        }

        long counted = (long)await anyConnection!.Database!.StringGetAsync("andyai:rest:global:" + _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));

        Assert.That(prepaid, Is.EqualTo(48), "each process asked for 20 and prepaid its fair share, 50 / 3 live processes");
        Assert.That(answers.Count(a => a == TimeSpan.Zero), Is.InRange(50 - 3 * 4, 50), "the prepaid tokens and the on-demand ones share the limit (each process may hold up to 4 of a chunk of 5 unused)");
        Assert.That(counted, Is.EqualTo(50), "the second's counter holds both");
        Assert.That(answers.Where(a => a != TimeSpan.Zero), Is.All.EqualTo(TimeSpan.FromSeconds(1)), "the rest wait for the next second");
    }

    [Test]
    public async Task InvalidBudget_OtherProcessesCount_ArriveWithTheNextPrepay_NotWithARequest()
    {
        (RedisRestCoordinator a, RedisConnection redisA) = await CreateProcessAsync("a");
        (RedisRestCoordinator b, _) = await CreateProcessAsync("b");
        ChannelReader<(long Second, int Granted)> ticks = StartPrepay(b);
        await ticks.ReadAsync().AsTask().WaitAsync(Guard);
        int? before = b.InvalidInWindow;
        var limiterB = new RestRateLimiter(_time, invalidRequestBudget: 100, globalPerSecond: 50, coordinator: b);

        for (int i = 0; i < 3; i++) a.RecordInvalid();
        await redisA.Database!.PingAsync(); // after A's increments on its connection
        await using RedisMonitor monitor = await RedisMonitor.StartAsync(Server.Port);
        await monitor.MarkAsync();
        await limiterB.WaitGlobalAsync(CancellationToken.None);
        await limiterB.WaitGlobalAsync(CancellationToken.None);
        int? beforeTheTick = b.InvalidInWindow;
        IReadOnlyList<string> commands = RequestCommands(await monitor.MarkAsync());
        AdvanceToNextPrepay();
        await ticks.ReadAsync().AsTask().WaitAsync(Guard);

        Assert.That(before, Is.Zero);
        Assert.That(commands, Is.Empty, "requests and reads of the count cost B no round trip");
        Assert.That(beforeTheTick, Is.Zero, "B learns A's count from its next prepay only");
        Assert.That(b.InvalidInWindow, Is.EqualTo(3));
    }

    [Test]
    public async Task Prepay_QuietForAMinute_HoldsNoTokens_UntilTheNextRequest()
    {
        (RedisRestCoordinator a, _) = await CreateProcessAsync("a");
        ChannelReader<(long Second, int Granted)> ticks = StartPrepay(a);
        (_, int atStart) = await ticks.ReadAsync().AsTask().WaitAsync(Guard);

        _time.Advance(RedisRestCoordinator.IdleAfter + TimeSpan.FromSeconds(1)); // a standby: no request for a minute
        (_, int quiet) = await NextTickAsync(ticks);
        TimeSpan? request = await a.TryAcquireGlobalAsync(50, CancellationToken.None); // on demand: nothing was prepaid
        AdvanceToNextPrepay();
        (_, int afterRequest) = await NextTickAsync(ticks);

        Assert.That(atStart, Is.EqualTo(RedisRestCoordinator.MinimumPrepaid), "start-up counts as talking to Discord");
        Assert.That(quiet, Is.Zero, "a quiet process holds back none of the others' share");
        Assert.That(request, Is.EqualTo(TimeSpan.Zero));
        Assert.That(afterRequest, Is.EqualTo(RedisRestCoordinator.MinimumPrepaid), "a request brings the minimum back");
    }

    [Test]
    public async Task Prepay_RedisAway_DoesNothing_AndResumesWhenRedisIsBack()
    {
        (RedisRestCoordinator a, RedisConnection redis) = await CreateProcessAsync("a");
        ChannelReader<(long Second, int Granted)> ticks = StartPrepay(a, out Task loop);
        await ticks.ReadAsync().AsTask().WaitAsync(Guard);

        await Server.StopAsync();
        AdvanceToNextPrepay();
        (_, int away) = await ticks.ReadAsync().AsTask().WaitAsync(Guard);
        _time.Advance(RedisRestCoordinator.PrepayLead);
        TimeSpan? answerAway = await a.TryAcquireGlobalAsync(50, CancellationToken.None);
        int? invalidAway = a.InvalidInWindow;
        var back = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        redis.Restored += () => back.TrySetResult();
        await Server.StartAgainAsync();
        await back.Task.WaitAsync(Guard);
        AdvanceToNextPrepay();
        (_, int afterwards) = await ticks.ReadAsync().AsTask().WaitAsync(Guard);
        _time.Advance(RedisRestCoordinator.PrepayLead);

        Assert.That(away, Is.EqualTo(-1), "no tokens while Redis is away");
        Assert.That(answerAway, Is.Null, "the process keeps its own limits");
        Assert.That(invalidAway, Is.Null);
        Assert.That(loop.IsCompleted, Is.False, "the loop survived the outage");
        Assert.That(afterwards, Is.EqualTo(RedisRestCoordinator.MinimumPrepaid), "prepaid again");
        Assert.That(a.InvalidInWindow, Is.Zero, "the count is read again (Redis came back empty)");
        Assert.That(await a.TryAcquireGlobalAsync(50, CancellationToken.None), Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public async Task AddAndyAICluster_RunsThePrepayLoopForTheHostsLifetime()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cluster:RedisUrl"] = Server.Url,
            ["Cluster:InstanceName"] = "wired",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddAndyAICluster(configuration);
        ServiceProvider provider = services.BuildServiceProvider();
        Disposables.Add(provider);
        var coordinator = (RedisRestCoordinator)provider.GetRequiredService<IRestCoordinator>();
        RedisConnection redis = provider.GetRequiredService<RedisConnection>();
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        redis.Restored += () => connected.TrySetResult();
        var ticks = Channel.CreateUnbounded<(long Second, int Granted)>();
        coordinator.Prepaid += (second, granted) => ticks.Writer.TryWrite((second, granted));
        IHostedService[] hosted = [.. provider.GetServices<IHostedService>()];
        RestPrepayService prepay = hosted.OfType<RestPrepayService>().Single();

        foreach (IHostedService service in hosted) await service.StartAsync(CancellationToken.None);
        await connected.Task.WaitAsync(Guard);
        int granted = -1;
        while (granted < 0)
        {
            AdvanceToNextPrepay();
            granted = (await ticks.Reader.ReadAsync().AsTask().WaitAsync(Guard)).Granted;
        }

        for (int i = hosted.Length - 1; i >= 0; i--) await hosted[i].StopAsync(CancellationToken.None);

        Assert.That(coordinator, Is.SameAs(provider.GetRequiredService<RedisRestCoordinator>()));
        Assert.That(granted, Is.EqualTo(RedisRestCoordinator.MinimumPrepaid));
        Assert.That(prepay.ExecuteTask, Is.Not.Null);
        Assert.That(prepay.ExecuteTask!.IsCompletedSuccessfully, Is.True, "stopped with the host, without a fault");
    }

    // Moves the fake clock to the moment the loop prepays the next second.
    // The next round's tick. A jump of the clock that lands after the loop read the time but before it armed its
    // timer leaves the timer a whole round in the future: then the clock goes on in small steps until the round
    // comes (for tests whose rounds do not depend on the exact second).
    private async Task<(long Second, int Granted)> NextTickAsync(ChannelReader<(long Second, int Granted)> ticks)
    {
        Task<(long Second, int Granted)> next = ticks.ReadAsync().AsTask();
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (!next.IsCompleted)
        {
            if (System.Diagnostics.Stopwatch.GetElapsedTime(started) > Guard) throw new TimeoutException("no prepay round within the guard");
            await Task.WhenAny(next, Task.Delay(200));
            if (!next.IsCompleted) _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        return await next;
    }

    private void AdvanceToNextPrepay()
    {
        long nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        long leadMs = (long)RedisRestCoordinator.PrepayLead.TotalMilliseconds;
        long next = (nowMs + leadMs) / 1000 + 1;
        _time.Advance(TimeSpan.FromMilliseconds(next * 1000 - leadMs - nowMs));
    }

    private ChannelReader<(long Second, int Granted)> StartPrepay(RedisRestCoordinator coordinator) => StartPrepay(coordinator, out _);

    // Runs the coordinator's prepay loop until the test ends; each round's (second, tokens) arrives on the reader.
    private ChannelReader<(long Second, int Granted)> StartPrepay(RedisRestCoordinator coordinator, out Task loop)
    {
        var ticks = Channel.CreateUnbounded<(long Second, int Granted)>();
        coordinator.Prepaid += (second, granted) => ticks.Writer.TryWrite((second, granted));
        var running = new PrepayLoop(coordinator);
        Disposables.Add(running);
        loop = running.Task;
        return ticks.Reader;
    }

    private async Task<RedisRestCoordinator> CreateAsync(string name) => (await CreateProcessAsync(name)).Coordinator;

    // Without the one-time load of the learned buckets that a coordinator's subscription runs in the background
    // (HGETALL rest:routes, ZRANGEBYSCORE rest:exhausted): it may land in any window, and no request sends it.
    private static string[] RequestCommands(IReadOnlyList<string> commands) =>
        [.. commands.Where(c => !c.StartsWith("hgetall ", StringComparison.Ordinal) && !c.StartsWith("zrangebyscore ", StringComparison.Ordinal))];

    private async Task<(RedisRestCoordinator Coordinator, RedisConnection Redis)> CreateProcessAsync(string name)
    {
        var redis = new RedisConnection(Options.Create(new ClusterOptions { RedisUrl = Server.Url, InstanceName = name }), TimeProvider.System, NullLogger<RedisConnection>.Instance);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        redis.Restored += () => ready.TrySetResult();
        redis.Start();
        await ready.Task.WaitAsync(Guard);
        Disposables.Add(redis);
        return (new RedisRestCoordinator(redis, _time), redis);
    }

    private sealed class PrepayLoop : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();

        public PrepayLoop(RedisRestCoordinator coordinator) => Task = coordinator.RunPrepayAsync(_stop.Token);

        public Task Task { get; }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await Task;
            }
            catch (OperationCanceledException)
            {
                // stopped
            }

            _stop.Dispose();
        }
    }
}
