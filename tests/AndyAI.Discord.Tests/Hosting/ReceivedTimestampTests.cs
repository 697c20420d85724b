using System.Net;
using AndyAI.Abstractions.Discord;
using AndyAI.Discord.Hosting;
using AndyAI.Discord.Tests.Fakes;
using AndyAI.Discord.Tests.Gateway;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Discord.Tests.Hosting;

/// <summary>A delivered message says when its gateway frame was read, on the bot's clock, so latency can start there.</summary>
public sealed class ReceivedTimestampTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Deliver_MessageCarriesTheFramesTimestamp_OnTheBotsClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var connections = new FakeGatewayConnectionFactory(time);
        var http = new FakeHttpHandler
        {
            Respond = (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK,
                """{"url":"wss://gateway.example","shards":1,"session_start_limit":{"total":1000,"remaining":1000,"reset_after":0,"max_concurrency":1}}""")),
        };
        var options = new DiscordClientOptions { Token = "test-token", ApiBaseUrl = "https://discord.example/api" };
        await using var bot = new DiscordBot(options, http, connections, time, NullLoggerFactory.Instance);
        var delivered = new TaskCompletionSource<DiscordMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        using IDisposable subscription = bot.SubscribeMessages(MessageInterest.All, (message, _) =>
        {
            delivered.TrySetResult(message);
            return ValueTask.CompletedTask;
        });

        await bot.StartAsync().WaitAsync(HangGuard);
        FakeGatewayConnection connection = await connections.NextAsync().WaitAsync(HangGuard);
        connection.Hello();
        await connection.NextOpAsync(2).WaitAsync(HangGuard);
        connection.Ready();
        await bot.WaitUntilReadyAsync().WaitAsync(HangGuard);
        time.Advance(TimeSpan.FromSeconds(5));
        long before = time.GetTimestamp();
        connection.Dispatch("MESSAGE_CREATE", 2, GatewayShardTests.Message(4242));
        DiscordMessage message = await delivered.Task.WaitAsync(HangGuard);
        time.Advance(TimeSpan.FromMilliseconds(250));

        Assert.That(message.ReceivedTimestamp, Is.GreaterThanOrEqualTo(before), "stamped when the frame was read, not at start");
        Assert.That(time.GetElapsedTime(message.ReceivedTimestamp), Is.EqualTo(TimeSpan.FromMilliseconds(250)), "on the bot's clock");
    }
}
