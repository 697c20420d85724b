using System.Net;
using AndyAI.Discord.Gateway;
using AndyAI.Discord.Rest;
using AndyAI.Discord.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Discord.Tests.Gateway;

/// <summary>
/// Disposing the gateway client: the host disposes it on every exit, sometimes while a stop or a reconnect is
/// still running, and the synchronous container path aborts it; none of these may throw.
/// </summary>
public sealed class GatewayClientTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(15);

    private FakeTimeProvider _time = null!;
    private FakeGatewayConnectionFactory _connections = null!;
    private DiscordRestClient _rest = null!;
    private GatewayClient _client = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        _connections = new FakeGatewayConnectionFactory(_time);
        var options = new DiscordClientOptions { Token = "test-token", ApiBaseUrl = "https://discord.example/api" };
        var http = new FakeHttpHandler
        {
            Respond = (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK,
                """{"url":"wss://gateway.example","shards":1,"session_start_limit":{"total":1000,"remaining":1000,"reset_after":0,"max_concurrency":1}}""")),
        };
        _rest = new DiscordRestClient(http, options, _time, NullLogger.Instance);
        _client = new GatewayClient(options, _rest, _connections, _time, NullLogger.Instance, new FixedRandom(0.5));
    }

    [TearDown]
    public async Task TearDown()
    {
        await _client.DisposeAsync();
        _rest.Dispose();
    }

    [Test]
    public async Task DisposeAsync_CalledTwice_DoesNotThrow()
    {
        await StartReadyAsync();

        await _client.DisposeAsync().AsTask().WaitAsync(HangGuard);

        Assert.That(async () => await _client.DisposeAsync().AsTask().WaitAsync(HangGuard), Throws.Nothing);
    }

    [Test]
    public async Task DisposeAsync_AfterStop_DoesNotThrowAndClosedWith1000()
    {
        FakeGatewayConnection connection = await StartReadyAsync();
        await _client.StopAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.That(async () => await _client.DisposeAsync().AsTask().WaitAsync(HangGuard), Throws.Nothing);
        Assert.That(connection.ClosedWith, Is.EqualTo(1000));
    }

    [Test]
    public async Task AbortAndStop_AfterDispose_DoNotThrow()
    {
        await StartReadyAsync();
        await _client.DisposeAsync().AsTask().WaitAsync(HangGuard);

        Assert.That(_client.Abort, Throws.Nothing);
        Assert.That(async () => await _client.StopAsync(CancellationToken.None).WaitAsync(HangGuard), Throws.Nothing);
    }

    [Test]
    public async Task DisposeAsync_ConcurrentlyWithReconnectStopAndAbort_DoesNotThrow()
    {
        FakeGatewayConnection connection = await StartReadyAsync();
        connection.DropSocket(); // the shard now waits out its reconnect delay on the fake clock

        using var stopBudget = new CancellationTokenSource();
        await stopBudget.CancelAsync(); // a host whose shutdown timeout already fired
        Task[] all =
        [
            Task.Run(async () => await _client.DisposeAsync()),
            Task.Run(async () => await _client.DisposeAsync()),
            Task.Run(() => _client.StopAsync(stopBudget.Token)),
            Task.Run(_client.Abort),
        ];

        Assert.That(async () => await Task.WhenAll(all).WaitAsync(HangGuard), Throws.Nothing);
        Assert.That(_client.Completion.IsCompletedSuccessfully, Is.True);
    }

    private async Task<FakeGatewayConnection> StartReadyAsync()
    {
        await _client.StartAsync(CancellationToken.None).WaitAsync(HangGuard);
        FakeGatewayConnection connection = await _connections.NextAsync().WaitAsync(HangGuard);
        connection.Hello();
        await connection.NextOpAsync(2).WaitAsync(HangGuard);
        connection.Ready();
        while ((await _client.Events.ReadAsync().AsTask().WaitAsync(HangGuard)).Kind != GatewayEventKind.Ready)
        {
        }

        return connection;
    }
}
