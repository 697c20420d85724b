using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AndyAI.Cluster.Tests;

public sealed class RedisConnectionTests
{
    [Test]
    public async Task Start_RedisDown_ReturnsAtOnceWorksAloneAndJoinsWhenRedisComes()
    {
        await using RedisServer server = await RedisServer.StartAsync();
        await server.StopAsync();
        await using var connection = new RedisConnection(Options.Create(new ClusterOptions { RedisUrl = server.Url, InstanceName = "one" }), TimeProvider.System, NullLogger<RedisConnection>.Instance);
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Restored += () => restored.TrySetResult();

        connection.Start();

        Assert.That(connection.IsAvailable, Is.False);
        Assert.That(connection.Database, Is.Null);
        await connection.Created.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(connection.IsAvailable, Is.False);

        await server.StartAgainAsync();
        await restored.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(connection.Database, Is.Not.Null);
        Assert.That(await connection.Database!.PingAsync(), Is.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public async Task Start_WrongPassword_SaysTheCredentialsWereRefused_NotUnreachable()
    {
        await using RedisServer server = await RedisServer.StartAsync(password: "right-password-123");
        await using var connection = new RedisConnection(Options.Create(new ClusterOptions { RedisUrl = server.Url + ",password=wrong-password-456", InstanceName = "one" }),
            TimeProvider.System, NullLogger<RedisConnection>.Instance);

        connection.Start();
        await connection.Created.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(connection.IsAvailable, Is.False);
        Assert.That(connection.CredentialsRefused, Is.True);
    }

    [Test]
    public async Task OwnerId_IsTheInstanceNameWithASuffixUniquePerProcessObject()
    {
        var options = Options.Create(new ClusterOptions { RedisUrl = "127.0.0.1:1", InstanceName = "bot-a" });
        await using var first = new RedisConnection(options, TimeProvider.System, NullLogger<RedisConnection>.Instance);
        await using var second = new RedisConnection(options, TimeProvider.System, NullLogger<RedisConnection>.Instance);

        Assert.That(first.OwnerId, Does.StartWith("bot-a/"));
        Assert.That(first.OwnerId, Is.Not.EqualTo(second.OwnerId));
        Assert.That(ClusterMembers.NameOf(first.OwnerId), Is.EqualTo("bot-a"));
        Assert.That(first.Endpoints, Is.EqualTo("127.0.0.1:1"));
    }
}
