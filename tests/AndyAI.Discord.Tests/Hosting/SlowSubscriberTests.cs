using System.Net;
using AndyAI.Abstractions.Discord;
using AndyAI.Discord.Hosting;
using AndyAI.Discord.Tests.Fakes;
using AndyAI.Discord.Tests.Gateway;
using AndyAI.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Discord.Tests.Hosting;

/// <summary>
/// "A slow or throwing subscriber never delays heartbeats or other events": a subscriber whose handler never
/// returns must not hold up delivery to the others once its own queue is full.
/// </summary>
public sealed class SlowSubscriberTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Deliver_OneSubscriberBlockedForever_OtherGetsEveryMessage()
    {
        // Batches the healthy subscriber can keep up with (each well under its queue capacity, so it never drops one
        // whatever the scheduling), adding up to well past what the stuck subscriber's queue holds.
        const int Batch = 500;
        const int Messages = 4 * Batch;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var connections = new FakeGatewayConnectionFactory(time);
        var logs = new CollectingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));
        var http = new FakeHttpHandler
        {
            Respond = (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK,
                """{"url":"wss://gateway.example","shards":1,"session_start_limit":{"total":1000,"remaining":1000,"reset_after":0,"max_concurrency":1}}""")),
        };
        var options = new DiscordClientOptions { Token = "test-token", ApiBaseUrl = "https://discord.example/api" };
        await using var bot = new DiscordBot(options, http, connections, time, loggerFactory);

        var received = new List<ulong>(Messages);
        using IDisposable stuck = bot.SubscribeMessages(MessageInterest.All, async (_, ct) => await Task.Delay(Timeout.Infinite, ct));
        using IDisposable healthy = bot.SubscribeMessages(MessageInterest.All, (message, _) =>
        {
            lock (received) received.Add(message.Id);
            return ValueTask.CompletedTask;
        });

        await bot.StartAsync().WaitAsync(HangGuard);
        FakeGatewayConnection connection = await connections.NextAsync().WaitAsync(HangGuard);
        connection.Hello();
        await connection.NextOpAsync(2).WaitAsync(HangGuard);
        connection.Ready();
        await bot.WaitUntilReadyAsync().WaitAsync(HangGuard);
        for (int sent = 0; sent < Messages; sent += Batch)
        {
            for (int i = sent; i < sent + Batch; i++)
            {
                connection.Dispatch("MESSAGE_CREATE", i + 2, GatewayShardTests.Message((ulong)(1000 + i)));
            }

            await UntilAsync(() => { lock (received) return received.Count >= sent + Batch; }, $"the healthy subscriber to get message {sent + Batch}");
        }

        Assert.That(received, Is.EqualTo(Enumerable.Range(1000, Messages).Select(i => (ulong)i)), "the healthy subscriber got every message, in order");
        Assert.That(logs.Warnings.Count(m => m.Contains("dropped", StringComparison.Ordinal)), Is.EqualTo(1),
            "one warning (rate-limited) names the subscriber whose queue overflowed");
    }

    private static Task UntilAsync(Func<bool> condition, string what) => Poll.UntilAsync(condition, what, HangGuard);

    /// <summary>Keeps every warning any logger writes.</summary>
    private sealed class CollectingLoggerProvider : ILoggerProvider, ILogger
    {
        private readonly List<string> _warnings = [];

        public IReadOnlyList<string> Warnings
        {
            get { lock (_warnings) return [.. _warnings]; }
        }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel != LogLevel.Warning) return;
            lock (_warnings) _warnings.Add(formatter(state, exception));
        }

        public void Dispose()
        {
        }
    }
}
