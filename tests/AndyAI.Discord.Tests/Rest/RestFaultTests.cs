using System.Net;
using AndyAI.Discord.Json;
using AndyAI.Discord.Rest;
using AndyAI.Discord.Tests.Fakes;

namespace AndyAI.Discord.Tests.Rest;

/// <summary>REST faults: a rate limit too long to wait out, timeouts, 5xx on a POST, and success bodies we cannot read.</summary>
public sealed class RestFaultTests
{
    private const string MessageJson = RestClientHarness.MessageJson;

    private RestClientHarness _rest = null!;

    [SetUp]
    public void SetUp() => _rest = new RestClientHarness();

    [TearDown]
    public void TearDown() => _rest.Dispose();

    private DiscordRestClient CreateSut() => _rest.CreateClient();

    private Task<T> AdvanceUntilAsync<T>(Task<T> task) => _rest.AdvanceUntilAsync(task, TimeSpan.FromSeconds(1));

    [Test]
    public async Task RetryAfterBeyondTheCap_FailsAtOnceWithAClearError()
    {
        _rest.Http.Respond = (_, _) => Task.FromResult(FakeHttpHandler.Json((HttpStatusCode)429, """{"message":"slow down","retry_after":7200,"global":false}"""));
        using DiscordRestClient rest = CreateSut();

        DiscordRestException? error = await Assert.ThrowsAsync<DiscordRestException>(() => rest.GetCurrentUserAsync(CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.HttpStatus, Is.EqualTo(429));
            Assert.That(error.Message, Does.Contain("rate limited for 2 h, longer than the 1 min we wait"));
            Assert.That(_rest.Http.Count, Is.EqualTo(1));
        });
        await Task.CompletedTask;
    }

    [Test]
    public async Task Timeout_SurfacesAsDiscordRestException_NotTaskCanceled()
    {
        _rest.Http.Respond = (_, _) => throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 30 seconds elapsing.", new TimeoutException());
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
            Assert.That(_rest.Http.Count, Is.EqualTo(1), "a POST without a nonce is not repeated");
        });
    }

    [Test]
    public async Task ServerError_OnGet_Retried_OnPlainPost_NotRetried()
    {
        _rest.Http.Respond = (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.BadGateway, "{}"));
        using DiscordRestClient rest = CreateSut();

        Task get = rest.GetCurrentUserAsync(CancellationToken.None);
        await AdvanceUntilAsync(get.ContinueWith(_ => true, TaskScheduler.Default));
        int getAttempts = _rest.Http.Count;
        Task post = rest.TriggerTypingAsync(200, CancellationToken.None);
        await AdvanceUntilAsync(post.ContinueWith(_ => true, TaskScheduler.Default));

        Assert.Multiple(() =>
        {
            Assert.That(getAttempts, Is.EqualTo(4), "GET: the first try and 3 retries");
            Assert.That(_rest.Http.Count - getAttempts, Is.EqualTo(1), "POST: once");
        });
    }

    [Test]
    public async Task MessageCreateWithEnforcedNonce_RetriedAfterA5xx_SameBodyEachTime()
    {
        _rest.Http.Respond = (_, index) => Task.FromResult(index == 0
            ? FakeHttpHandler.Json(HttpStatusCode.ServiceUnavailable, "{}")
            : FakeHttpHandler.Json(HttpStatusCode.OK, MessageJson));
        using DiscordRestClient rest = CreateSut();

        JsonMessage? message = await AdvanceUntilAsync(rest.CreateMessageAsync(200, new JsonCreateMessage { Content = "hi", Nonce = "123", EnforceNonce = true }, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(message!.Id, Is.EqualTo(5UL));
            Assert.That(_rest.Http.Requests, Has.Count.EqualTo(2));
            Assert.That(_rest.Http.Requests[1].Body, Is.EqualTo(_rest.Http.Requests[0].Body));
            Assert.That(_rest.Http.Requests[0].Body, Does.Contain("\"nonce\":\"123\"").And.Contain("\"enforce_nonce\":true"));
        });
    }

    [Test]
    public async Task SuccessWithUnreadableBody_IsNotReportedFailed()
    {
        _rest.Http.Respond = (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, """{"id":"not-a-number","channel_id":"200"}"""));
        using DiscordRestClient rest = CreateSut();

        JsonMessage? message = await rest.CreateMessageAsync(200, new JsonCreateMessage { Content = "hi" }, CancellationToken.None);

        Assert.That(message, Is.Null, "done, without a body");
    }

    [Test]
    public async Task SuccessWithEmptyChannelIdInMessageReference_ReadsTheMessage()
    {
        // Recorded from Spacebar: the answer to a DM reply.
        _rest.Http.Respond = (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK,
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
