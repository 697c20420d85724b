using System.Net;
using AndyAI.Abstractions.Discord;
using AndyAI.Discord.Hosting;
using AndyAI.Discord.Tests.Fakes;
using AndyAI.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Discord.Tests.Hosting;

/// <summary>
/// Discord unreachable at start-up keeps the bot trying (not ready meanwhile); a final answer stops the host with one
/// line saying what to fix; an event the dispatcher cannot handle is skipped, not the end of dispatching.
/// </summary>
public sealed class StartupFaultTests
{
    private const string GatewayBot =
        """{"url":"wss://gateway.example","shards":1,"session_start_limit":{"total":1000,"remaining":1000,"reset_after":0,"max_concurrency":1}}""";

    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly FakeLogCollector _logs = new();
    private FakeGatewayConnectionFactory _connections = null!;
    private ILoggerFactory _loggerFactory = null!;

    [SetUp]
    public void SetUp()
    {
        _logs.Clear(); // NUnit runs every test of a fixture on the same instance
        _connections = new FakeGatewayConnectionFactory(_time);
        _loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(_logs)));
    }

    [TearDown]
    public void TearDown() => _loggerFactory.Dispose();

    private DiscordBot CreateBot(FakeHttpHandler http) =>
        new(new DiscordClientOptions { Token = "test-token", ApiBaseUrl = "https://discord.example/api", RestMaxRetries = 0 }, http, _connections, _time, _loggerFactory);

    [Test]
    public async Task DiscordUnreachableAtStart_RetriesWithCappedBackoff_ConnectsWhenItAnswers()
    {
        var http = new FakeHttpHandler
        {
            Respond = (_, index) => index switch
            {
                < 6 => throw new HttpRequestException("Connection refused (discord.example:443)"),
                6 => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.ServiceUnavailable, "upstream down")),
                _ => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, GatewayBot)),
            },
        };
        await using DiscordBot bot = CreateBot(http);

        await bot.StartAsync().WaitAsync(HangGuard);
        DiscordConnectionState whileDown = bot.State;
        FakeGatewayConnection connection = await AdvanceUntilAsync(_connections.NextAsync());

        FakeLogRecord[] warnings = [.. _logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning)];
        TimeSpan[] delays = [.. warnings.Select(r => LoggedDuration.Parse(r.StructuredState!.Single(p => p.Key == "Delay").Value!))];
        Assert.Multiple(() =>
        {
            Assert.That(whileDown, Is.EqualTo(DiscordConnectionState.Connecting));
            Assert.That(bot.IsReady, Is.False);
            Assert.That(connection, Is.Not.Null);
            Assert.That(warnings, Has.Length.EqualTo(7), "one warning per failed attempt");
            Assert.That(warnings.All(w => w.Message.StartsWith("Discord is not reachable", StringComparison.Ordinal)), Is.True);
            Assert.That(delays[^1], Is.GreaterThan(delays[0]), "backs off");
            Assert.That(delays.Max(), Is.LessThanOrEqualTo(TimeSpan.FromSeconds(60)));
            Assert.That(_logs.GetSnapshot().Any(r => r.Level >= LogLevel.Error), Is.False);
        });
    }

    [Test]
    public async Task Unauthorized_AtStart_StopsTheHostWithOneLineNamingTheToken()
    {
        var http = new FakeHttpHandler { Respond = (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.Unauthorized, """{"message":"401: Unauthorized","code":0}""")) };
        await using DiscordBot bot = CreateBot(http);
        var lifetime = new FakeHostApplicationLifetime();
        var service = new DiscordBotHostedService(bot, lifetime);

        await service.StartAsync(CancellationToken.None).WaitAsync(HangGuard);
        await lifetime.StopRequested.WaitAsync(HangGuard);

        FakeLogRecord[] errors = [.. _logs.GetSnapshot().Where(r => r.Level >= LogLevel.Error)];
        Assert.Multiple(() =>
        {
            Assert.That(bot.State, Is.EqualTo(DiscordConnectionState.Faulted));
            Assert.That(bot.FatalError, Does.Contain("DISCORD_API_TOKEN"));
            Assert.That(errors, Has.Length.EqualTo(1));
            Assert.That(errors[0].Message, Does.Contain("DISCORD_API_TOKEN"));
            Assert.That(http.Count, Is.EqualTo(1), "a 401 is not retried");
        });
    }

    [Test]
    public async Task ThrowingConversion_DispatcherSkipsTheEvent_NextMessageDelivered()
    {
        var http = new FakeHttpHandler { Respond = (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, GatewayBot)) };
        await using DiscordBot bot = CreateBot(http);
        using IDisposable subscription = SubscribeAll(bot, out TaskCompletionSource<DiscordMessage> received);
        // Converting one event throws (as a shape nobody foresaw would): that event is lost, dispatching goes on.
        bot.BeforeDispatch = e =>
        {
            if (e.Message?.Id == 1) throw new InvalidOperationException("a shape nobody foresaw");
        };
        FakeGatewayConnection connection = await StartReadyAsync(bot);

        connection.Dispatch("MESSAGE_CREATE", 2, """{"id":"1","channel_id":"200","author":{"id":"9","username":"u"},"content":"x","mentions":[]}""");
        connection.Dispatch("MESSAGE_CREATE", 3, """{"id":"2","channel_id":"200","author":{"id":"9","username":"u"},"content":"y","mentions":[]}""");
        DiscordMessage next = await received.Task.WaitAsync(HangGuard);

        Assert.Multiple(() =>
        {
            Assert.That(next.Id, Is.EqualTo(2UL));
            Assert.That(bot.GetStatus().HandlerFailures, Is.EqualTo(1));
            Assert.That(_logs.GetSnapshot().Count(r => r.Message.Contains("Dispatching a gateway event")), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task NullInsideMentions_IsSkipped_TheMessageIsDeliveredWithTheOtherMentions()
    {
        var http = new FakeHttpHandler { Respond = (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, GatewayBot)) };
        await using DiscordBot bot = CreateBot(http);
        using IDisposable subscription = SubscribeAll(bot, out TaskCompletionSource<DiscordMessage> received);
        FakeGatewayConnection connection = await StartReadyAsync(bot);

        connection.Dispatch("MESSAGE_CREATE", 2, """{"id":"1","channel_id":"200","author":{"id":"9","username":"u"},"content":"x","mentions":[null,{"id":"77","username":"v"}]}""");
        DiscordMessage message = await received.Task.WaitAsync(HangGuard);

        Assert.Multiple(() =>
        {
            Assert.That(message.Id, Is.EqualTo(1UL));
            Assert.That(message.MentionedUserIds, Is.EqualTo(new[] { 77UL }));
            Assert.That(bot.GetStatus().HandlerFailures, Is.Zero);
        });
    }

    /// <summary>Subscribes to every message; <paramref name="received"/> completes with the first one delivered.</summary>
    private static IDisposable SubscribeAll(DiscordBot bot, out TaskCompletionSource<DiscordMessage> received)
    {
        var first = new TaskCompletionSource<DiscordMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        received = first;
        return bot.SubscribeMessages(MessageInterest.All, (m, _) =>
        {
            first.TrySetResult(m);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>Starts the bot and takes its first connection through HELLO, IDENTIFY and READY.</summary>
    private async Task<FakeGatewayConnection> StartReadyAsync(DiscordBot bot)
    {
        await bot.StartAsync();
        FakeGatewayConnection connection = await _connections.NextAsync().WaitAsync(HangGuard);
        connection.Hello();
        await connection.NextOpAsync(2).WaitAsync(HangGuard);
        connection.Ready();
        await bot.WaitUntilReadyAsync().WaitAsync(HangGuard);
        return connection;
    }

    private Task<T> AdvanceUntilAsync<T>(Task<T> task) => _time.AdvanceUntilAsync(task, TimeSpan.FromSeconds(1), HangGuard);
}
