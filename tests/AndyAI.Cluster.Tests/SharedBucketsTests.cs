using AndyAI.Cluster.RateLimiting;
using AndyAI.Discord;
using AndyAI.Discord.Json;
using AndyAI.Discord.Rest;
using AndyAI.Emulator;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AndyAI.Cluster.Tests;

/// <summary>Per-route buckets learned by one process are used by the others (two REST clients, one real Redis, the emulator's route limits).</summary>
public sealed class SharedBucketsTests : RedisFixture
{
    private DiscordEmulator _emulator = null!;

    [SetUp]
    public async Task StartEmulatorAsync()
    {
        // Two messages per channel per 2 s: the second of process A empties the bucket.
        _emulator = await DiscordEmulator.StartAsync(new EmulatorOptions { MessageRateLimit = 2, MessageRateLimitWindow = TimeSpan.FromSeconds(2) });
        Disposables.Add(_emulator); // first in, so disposed after the clients that talk to it
    }

    [Test]
    public async Task BucketEmptiedByOneProcess_TheOtherWaitsForItsResetInsteadOfA429()
    {
        (DiscordRestClient a, _) = await CreateProcessAsync("a");
        (DiscordRestClient b, RedisRestCoordinator coordinatorB) = await CreateProcessAsync("b");
        ulong channel = _emulator.DefaultChannelId;

        await a.CreateMessageAsync(channel, new JsonCreateMessage { Content = "one" }, CancellationToken.None);
        await a.CreateMessageAsync(channel, new JsonCreateMessage { Content = "two" }, CancellationToken.None);
        // A learned the route's bucket and saw it emptied; B hears both (pub/sub) before it sends.
        await WaitUntilAsync(() => coordinatorB.KnownRoutes >= 1 && coordinatorB.KnownExhausted == 1);
        await b.CreateMessageAsync(channel, new JsonCreateMessage { Content = "three" }, CancellationToken.None).WaitAsync(Guard);

        Assert.That(_emulator.BotMessages.Select(m => m.Content), Is.EqualTo(new[] { "one", "two", "three" }));
        Assert.That(_emulator.InvalidRequestCount, Is.Zero, "B waited for the reset A learned: no 429");
        Assert.That(b.Routes.Snapshot().Sum(r => r.RateLimited), Is.Zero);
    }

    [Test]
    public async Task ProcessJoiningLater_LoadsWhatWasLearned()
    {
        (DiscordRestClient a, _) = await CreateProcessAsync("a");
        ulong channel = _emulator.DefaultChannelId;
        await a.CreateMessageAsync(channel, new JsonCreateMessage { Content = "one" }, CancellationToken.None);
        await a.CreateMessageAsync(channel, new JsonCreateMessage { Content = "two" }, CancellationToken.None);

        (DiscordRestClient late, RedisRestCoordinator coordinatorLate) = await CreateProcessAsync("late");
        await WaitUntilAsync(() => coordinatorLate.KnownRoutes >= 1 && coordinatorLate.KnownExhausted == 1);
        await late.CreateMessageAsync(channel, new JsonCreateMessage { Content = "three" }, CancellationToken.None).WaitAsync(Guard);

        Assert.That(_emulator.InvalidRequestCount, Is.Zero);
    }

    private async Task<(DiscordRestClient Client, RedisRestCoordinator Coordinator)> CreateProcessAsync(string name)
    {
        var redis = new RedisConnection(Options.Create(new ClusterOptions { RedisUrl = Server.Url, InstanceName = name }), TimeProvider.System, NullLogger<RedisConnection>.Instance);
        redis.Start();
        Disposables.Add(redis);
        await WaitUntilAsync(() => redis.IsAvailable);
        var coordinator = new RedisRestCoordinator(redis, TimeProvider.System);
        await coordinator.SubscribeAsync();
        var client = new DiscordRestClient(new HttpClientHandler(), new DiscordClientOptions { Token = _emulator.BotToken, ApiBaseUrl = _emulator.RestBaseUrl },
            TimeProvider.System, NullLogger.Instance, coordinator: coordinator);
        DisposeAfter(client.Dispose);
        return (client, coordinator);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Guard);
        while (!condition()) await Task.Delay(10, timeout.Token);
    }
}
