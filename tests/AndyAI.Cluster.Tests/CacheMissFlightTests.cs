using AndyAI.Abstractions.Llm;
using AndyAI.Cluster.Caching;
using AndyAI.Emulator.OpenAi;
using AndyAI.Services.Caching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace AndyAI.Cluster.Tests;

/// <summary>Cross-process single flight of cache misses: two "processes" on one real Redis ask the same new question at once.</summary>
public sealed class CacheMissFlightTests : RedisFixture
{
    private static readonly TimeSpan LongGuard = TimeSpan.FromSeconds(60);

    [Test]
    public async Task SamePromptInTwoProcessesWhileTheModelIsHeld_MakesOneChatRequest()
    {
        // The fake holds every answer until its clock is advanced: both processes ask while the first call is open.
        var held = new FakeTimeProvider();
        await using OpenAiFakeServer fake = await OpenAiFakeServer.StartAsync(new OpenAiFakeOptions { Latency = TimeSpan.FromHours(1), TimeProvider = held, Answers = { ["same"] = "one answer" } });
        (ILlmService llmA, RedisResponseCache sharedA) = await CreateProcessAsync("a", fake.BaseUrl);
        (ILlmService llmB, RedisResponseCache sharedB) = await CreateProcessAsync("b", fake.BaseUrl);
        LlmRequest request = new LlmRequest([new ChatTurn(ChatRole.User, "same")]) with { CacheTimeToLive = TimeSpan.FromMinutes(5) };

        Task<LlmResult> inA = llmA.CompleteAsync(request);
        Task<LlmResult> inB = llmB.CompleteAsync(request);
        // One process asks the model; the other waits for that answer (not for the model).
        await WaitUntilAsync(() => fake.ChatRequestCount == 1 && sharedA.Flight.Waiting + sharedB.Flight.Waiting == 1);
        held.Advance(TimeSpan.FromHours(1));
        LlmResult[] results = await Task.WhenAll(inA, inB).WaitAsync(LongGuard);

        Assert.That(results.Select(r => (r.IsOk, r.Text)), Is.All.EqualTo((true, "one answer")));
        Assert.That(results.Count(r => r.FromCache), Is.EqualTo(1), "the waiting process's answer is the other's");
        Assert.That(fake.ChatRequestCount, Is.EqualTo(1));
    }

    [Test]
    public async Task WinnerDied_WaiterTakesTheExpiredLockAndAsksItself()
    {
        (ResponseCacheStore store, RedisConnection redis, RedisResponseCache shared) = await CreateStoreAsync("b");
        var partition = new ResponseCachePartition(store, "host");
        string lockKey = redis.Prefix + "flight:" + partition.FullKey("prompt");
        // A process took the lock for this miss and was killed before it answered: its lock only expires.
        Assert.That(await redis.Database!.StringSetAsync(lockKey, "dead/1", TimeSpan.FromSeconds(1), When.NotExists), Is.True);
        string? lockDuringCall = null;
        int calls = 0;

        Task<string> answer = partition.GetOrCreateAsync("prompt", async _ =>
        {
            calls++;
            lockDuringCall = await redis.Database!.StringGetAsync(lockKey);
            return "asked here";
        }, TimeSpan.FromMinutes(5)).AsTask();
        await WaitUntilAsync(() => shared.Flight.Waiting == 1 || answer.IsCompleted);
        string value = await answer.WaitAsync(LongGuard);

        Assert.That(value, Is.EqualTo("asked here"));
        Assert.That(calls, Is.EqualTo(1));
        Assert.That(lockDuringCall, Does.StartWith(redis.OwnerId + "/"), "it asked only once the dead process's lock was gone and the lock was its own");
        Assert.That(await redis.Database!.KeyExistsAsync(lockKey), Is.False, "released when done");
    }

    [Test]
    public async Task WinnerFailed_WaiterAsksItselfAtOnce()
    {
        (ResponseCacheStore a, _, _) = await CreateStoreAsync("a");
        (ResponseCacheStore b, _, RedisResponseCache sharedB) = await CreateStoreAsync("b");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        Task<string> inA = new ResponseCachePartition(a, "host").GetOrCreateAsync("prompt", async _ =>
        {
            started.SetResult();
            await gate.Task;
            throw new InvalidOperationException("the model failed");
        }, TimeSpan.FromMinutes(5)).AsTask();
        await started.Task.WaitAsync(LongGuard);
        Task<string> inB = new ResponseCachePartition(b, "host").GetOrCreateAsync("prompt", _ => ValueTask.FromResult("asked by b"), TimeSpan.FromMinutes(5)).AsTask();
        await WaitUntilAsync(() => sharedB.Flight.Waiting == 1);
        gate.SetResult();

        Assert.That(async () => await inA.WaitAsync(LongGuard), Throws.InvalidOperationException);
        Assert.That(await inB.WaitAsync(LongGuard), Is.EqualTo("asked by b"));
    }

    [Test]
    public async Task RedisDown_EachProcessAsksItself()
    {
        (ResponseCacheStore a, RedisConnection redis, _) = await CreateStoreAsync("a");
        await Server.StopAsync();
        await WaitUntilAsync(() => !redis.IsAvailable);

        string value = await new ResponseCachePartition(a, "host").GetOrCreateAsync("p", _ => ValueTask.FromResult("alone"), TimeSpan.FromMinutes(1));

        Assert.That(value, Is.EqualTo("alone"));
    }

    private async Task<(ILlmService Llm, RedisResponseCache Shared)> CreateProcessAsync(string name, Uri modelUrl)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Llm:ApiKey"] = "sk-test-key",
            ["Llm:Model"] = "gpt-4o-mini",
            ["Llm:BaseUrl"] = modelUrl.ToString(),
            ["Cluster:RedisUrl"] = Server.Url,
            ["Cluster:InstanceName"] = name,
        }).Build();
        var services = new ServiceCollection();
        services.AddAndyAICluster(configuration);
        services.AddAndyAIServices(configuration);
        ServiceProvider provider = services.BuildServiceProvider();
        Disposables.Add(provider);
        var shared = (RedisResponseCache)provider.GetRequiredService<ISharedResponseCache>();
        RedisConnection redis = provider.GetRequiredService<RedisConnection>();
        redis.Start();
        await WaitUntilAsync(() => redis.IsAvailable);
        return (provider.GetRequiredService<ILlmService>(), shared);
    }

    private async Task<(ResponseCacheStore Store, RedisConnection Redis, RedisResponseCache Shared)> CreateStoreAsync(string name)
    {
        var redis = new RedisConnection(Options.Create(new ClusterOptions { RedisUrl = Server.Url, InstanceName = name }), TimeProvider.System, NullLogger<RedisConnection>.Instance);
        var shared = new RedisResponseCache(redis, TimeProvider.System, NullLogger<RedisResponseCache>.Instance, Options.Create(new CacheOptions()));
        redis.Start();
        Disposables.Add(redis);
        await WaitUntilAsync(() => redis.IsAvailable);
        var store = new ResponseCacheStore(Options.Create(new CacheOptions()), TimeProvider.System, shared);
        DisposeAfter(store.Dispose);
        return (store, redis, shared);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(LongGuard);
        while (!condition()) await Task.Delay(10, timeout.Token);
    }
}
