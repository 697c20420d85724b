using System.Net;
using AndyAI.Discord.Json;
using AndyAI.Discord.Rest;
using AndyAI.Discord.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Discord.Tests.Rest;

/// <summary>REST faults: a rate limit too long to wait out, timeouts, 5xx on a POST, and success bodies we cannot read.</summary>
public sealed class RestFaultTests
{
    private const string MessageJson = """{"id":"5","channel_id":"200","author":{"id":"42","username":"andy","bot":true},"content":"hi"}""";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private FakeHttpHandler _http = null!;

    [SetUp]
    public void SetUp() => _http = new FakeHttpHandler();

    [TearDown]
    public void TearDown() => _http.Dispose();

    private DiscordRestClient CreateSut() =>
        new(_http, new DiscordClientOptions { Token = "secret-token", ApiBaseUrl = "http://127.0.0.1:1/api" }, _time, NullLogger.Instance, disposeHandler: false);

    private async Task<T> AdvanceUntilAsync<T>(Task<T> task)
    {
        DateTime giveUp = DateTime.UtcNow.AddSeconds(15);
        while (!task.IsCompleted && DateTime.UtcNow < giveUp)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(task, Task.Delay(10));
        }

        return await task;
    }

    [Test]
    public async Task RetryAfterBeyondTheCap_FailsAtOnceWithAClearError()
    {
        _http.Respond = (_, _) => Task.FromResult(FakeHttpHandler.Json((HttpStatusCode)429, """{"message":"slow down","retry_after":7200,"global":false}"""));
        using DiscordRestClient rest = CreateSut();

        DiscordRestException? error = await Assert.ThrowsAsync<DiscordRestException>(() => rest.GetCurrentUserAsync(CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.HttpStatus, Is.EqualTo(429));
            Assert.That(error.Message, Does.Contain("longer than the 60 s we wait"));
            Assert.That(_http.Count, Is.EqualTo(1));
        });
        await Task.CompletedTask;
    }

    [Test]
    public async Task Timeout_SurfacesAsDiscordRestException_NotTaskCanceled()
    {
        _http.Respond = (_, _) => throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 30 seconds elapsing.", new TimeoutException());
        using DiscordRestClient rest = CreateSut();

        DiscordRestException? error = await AdvanceUntilAsync(Task.Run(async () =>
        {
            try
            {
                await rest.TriggerTypingAsync(200, CancellationToken.None);
                return null;
            }
            catch (DiscordRestException ex)
            {
                return ex;
            }
        }));

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Not.Null);
            Assert.That(error!.HttpStatus, Is.Zero);
            Assert.That(error.Message, Does.Contain("no answer within 30 s"));
            Assert.That(_http.Count, Is.EqualTo(1), "a POST without a nonce is not repeated");
        });
    }

    [Test]
    public async Task ServerError_OnGet_Retried_OnPlainPost_NotRetried()
    {
        _http.Respond = (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.BadGateway, "{}"));
        using DiscordRestClient rest = CreateSut();

        Task get = rest.GetCurrentUserAsync(CancellationToken.None);
        await AdvanceUntilAsync(get.ContinueWith(_ => true, TaskScheduler.Default));
        int getAttempts = _http.Count;
        Task post = rest.TriggerTypingAsync(200, CancellationToken.None);
        await AdvanceUntilAsync(post.ContinueWith(_ => true, TaskScheduler.Default));

        Assert.Multiple(() =>
        {
            Assert.That(getAttempts, Is.EqualTo(4), "GET: the first try and 3 retries");
            Assert.That(_http.Count - getAttempts, Is.EqualTo(1), "POST: once");
        });
    }

    [Test]
    public async Task MessageCreateWithEnforcedNonce_RetriedAfterA5xx_SameBodyEachTime()
    {
        _http.Respond = (_, index) => Task.FromResult(index == 0
            ? FakeHttpHandler.Json(HttpStatusCode.ServiceUnavailable, "{}")
            : FakeHttpHandler.Json(HttpStatusCode.OK, MessageJson));
        using DiscordRestClient rest = CreateSut();

        JsonMessage? message = await AdvanceUntilAsync(rest.CreateMessageAsync(200, new JsonCreateMessage { Content = "hi", Nonce = "123", EnforceNonce = true }, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(message!.Id, Is.EqualTo(5UL));
            Assert.That(_http.Requests, Has.Count.EqualTo(2));
            Assert.That(_http.Requests[1].Body, Is.EqualTo(_http.Requests[0].Body));
            Assert.That(_http.Requests[0].Body, Does.Contain("\"nonce\":\"123\"").And.Contain("\"enforce_nonce\":true"));
        });
    }

    [Test]
    public async Task SuccessWithUnreadableBody_IsNotReportedFailed()
    {
        _http.Respond = (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, """{"id":"not-a-number","channel_id":"200"}"""));
        using DiscordRestClient rest = CreateSut();

        JsonMessage? message = await rest.CreateMessageAsync(200, new JsonCreateMessage { Content = "hi" }, CancellationToken.None);

        Assert.That(message, Is.Null, "done, without a body");
    }

    [Test]
    public async Task SuccessWithEmptyChannelIdInMessageReference_ReadsTheMessage()
    {
        // Recorded from Spacebar: the answer to a DM reply.
        _http.Respond = (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK,
            """{"id":"5","channel_id":"200","author":{"id":"42","username":"andy","bot":true},"content":"hi","message_reference":{"message_id":"4","channel_id":"","guild_id":""}}"""));
        using DiscordRestClient rest = CreateSut();

        JsonMessage? message = await rest.CreateMessageAsync(200, new JsonCreateMessage { Content = "hi" }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(message!.Id, Is.EqualTo(5UL));
            Assert.That(message.MessageReference!.MessageId, Is.EqualTo(4UL));
            Assert.That(message.MessageReference.ChannelId, Is.Null);
        });
    }
}
