using Microsoft.Extensions.Logging;
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
    public async Task Restored_SecondConnectionOfTheSameReconnect_IsNotLoggedAgain()
    {
        await using RedisServer server = await RedisServer.StartAsync();
        var log = new LineLogger();
        await using var connection = new RedisConnection(Options.Create(new ClusterOptions { RedisUrl = server.Url, InstanceName = "one" }), TimeProvider.System, log);
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Restored += () => connected.TrySetResult();
        connection.Start();
        await connected.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // What the pub/sub connection's ConnectionRestored does when it comes back beside the command connection.
        connection.OnRestored();

        Assert.That(log.Lines.Where(l => l.Contains("connected", StringComparison.Ordinal) || l.Contains("is back", StringComparison.Ordinal)), Has.Exactly(1).Items,
            string.Join("\n", log.Lines));
    }

    private sealed class LineLogger : ILogger<RedisConnection>
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception));
    }

    [TestCase("SocketClosed", "SocketClosed on 127.0.0.1:46379/Subscription, Idle/RanToCompletion, last: PING, origin: ReadAllAsync, outstanding: 0, last-read: 0s ago, last-write: 3s ago, keep-alive: 5s, state: ConnectedEstablished, in: 0, in-pipe: 0, last-heartbeat: 0s ago, last-mbeat: 0s ago, global: 0s ago, v: 3.4.35.20751",
        "SocketClosed on 127.0.0.1:46379/Subscription")]
    [TestCase("UnableToConnect", "UnableToConnect (0-read, 0-sent) on 127.0.0.1:46379/Subscription, Initializing/NotStarted, last: PING, origin: BeginConnectAsync, outstanding: 0, v: 3.4.35.20751",
        "UnableToConnect (0-read, 0-sent) on 127.0.0.1:46379/Subscription")]
    [TestCase("UnableToConnect", null, "UnableToConnect")]
    [TestCase("InternalFailure", "It was not possible to connect", "InternalFailure: It was not possible to connect")]
    public void DescribeFailure_StackExchangeRedisMessage_KeepsTheFailureAndTheEndpointOnly(string failure, string? detail, string expected)
    {
        Assert.That(RedisConnection.DescribeFailure(failure, detail), Is.EqualTo(expected));
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
