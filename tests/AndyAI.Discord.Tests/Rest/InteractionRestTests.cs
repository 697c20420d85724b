using System.Net;
using AndyAI.Discord.Interactions;
using AndyAI.Discord.Json;
using AndyAI.Discord.Rest;
using AndyAI.Discord.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Discord.Tests.Rest;

public class InteractionRestTests
{
    private const string MessageJson = """{"id":"5","channel_id":"200","author":{"id":"42","username":"andy","bot":true},"content":"hi"}""";
    private const string CommandJson = """{"id":"10","application_id":"42","version":"11","type":1,"name":"ping","description":"Ping"}""";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private FakeHttpHandler _http = null!;

    [SetUp]
    public void SetUp() => _http = new FakeHttpHandler();

    [TearDown]
    public void TearDown() => _http.Dispose();

    private DiscordRestClient CreateSut(int globalPerSecond = 50) =>
        new(_http, new DiscordClientOptions { Token = "secret-token", ApiBaseUrl = "http://127.0.0.1:1/api", GlobalRequestsPerSecond = globalPerSecond },
            _time, NullLogger.Instance, disposeHandler: false);

    private static JsonInteractionCallbackData Text(string content) =>
        InteractionConverter.ToMessageData(new InteractionMessage { Content = content }, s => s, isCreate: true);

    [Test]
    public async Task Callback_PostsToTheInteractionWithoutTheBotToken()
    {
        _http.Respond = (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent));
        using DiscordRestClient sut = CreateSut();

        await sut.RespondToInteractionAsync(500, "tok-en", InteractionConverter.ToJson(InteractionResponse.DeferChannelMessage(), s => s), CancellationToken.None);

        FakeHttpHandler.Recorded request = _http.Requests.Single();
        Assert.That(request.Method, Is.EqualTo(HttpMethod.Post));
        Assert.That(request.Path, Is.EqualTo("/api/v10/interactions/500/tok-en/callback"));
        Assert.That(request.Authorization, Is.Null, "the token in the path authorizes it");
        Assert.That(request.Body, Is.EqualTo("{\"type\":5}"));
    }

    [Test]
    public async Task Callback_IsNotHeldBackByTheGlobalLimit()
    {
        _http.Respond = (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent));
        using DiscordRestClient sut = CreateSut(globalPerSecond: 1);
        await sut.GetCurrentUserAsync(CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);

        Task[] answers = [.. Enumerable.Range(0, 5).Select(i => sut.RespondToInteractionAsync((ulong)(500 + i), "t" + i,
            InteractionConverter.ToJson(InteractionResponse.DeferUpdate(), s => s), CancellationToken.None))];
        await Task.WhenAll(answers).WaitAsync(TimeSpan.FromSeconds(15));

        Assert.That(_http.Count, Is.EqualTo(6), "five answers in the same second as a bot request, with a global limit of 1/s");
    }

    [Test]
    public async Task Callback_NoAnswer_IsNotRepeated()
    {
        _http.Respond = (_, _) => throw new HttpRequestException("connection reset");
        using DiscordRestClient sut = CreateSut();

        DiscordRestException ex = (await Assert.ThrowsAsync<DiscordRestException>(() => sut.RespondToInteractionAsync(500, "t", new JsonInteractionResponse { Type = 5 }, CancellationToken.None)))!;

        Assert.That(ex.HttpStatus, Is.Zero);
        Assert.That(_http.Count, Is.EqualTo(1), "a repeat would be refused with 40060 if the first one arrived");
    }

    [Test]
    public async Task Callback_Refused_ThrowsWithDiscordsCode()
    {
        _http.Respond = (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.BadRequest, """{"message":"Interaction has already been acknowledged.","code":40060}"""));
        using DiscordRestClient sut = CreateSut();

        DiscordRestException ex = (await Assert.ThrowsAsync<DiscordRestException>(() => sut.RespondToInteractionAsync(500, "t", new JsonInteractionResponse { Type = 5 }, CancellationToken.None)))!;

        Assert.That(ex.Code, Is.EqualTo(40060));
    }

    [Test]
    public async Task Callback_InvalidFormBody_MessageNamesTheRefusedFields()
    {
        _http.Respond = (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.BadRequest, """
            {"message":"Invalid Form Body","code":50035,"errors":{"data":{"components":{"0":{"components":{"1":{"custom_id":{"_errors":[
              {"code":"COMPONENT_CUSTOM_ID_DUPLICATED","message":"Component custom id was already specified"}]}}}}},
              "content":{"_errors":[{"code":"BASE_TYPE_MAX_LENGTH","message":"Must be 2000 or fewer in length."}]}}}}
            """));
        using DiscordRestClient sut = CreateSut();

        DiscordRestException ex = (await Assert.ThrowsAsync<DiscordRestException>(() => sut.RespondToInteractionAsync(500, "t", new JsonInteractionResponse { Type = 4 }, CancellationToken.None)))!;

        Assert.That(ex.Code, Is.EqualTo(50035));
        Assert.That(ex.Message, Does.Contain("data.components.0.components.1.custom_id: COMPONENT_CUSTOM_ID_DUPLICATED (Component custom id was already specified)"));
        Assert.That(ex.Message, Does.Contain("data.content: BASE_TYPE_MAX_LENGTH"));
    }

    [Test]
    public async Task Webhook_EditGetDeleteAndFollowups_UseTheInteractionWebhookPaths()
    {
        _http.Respond = (r, _) => Task.FromResult(r.Method == HttpMethod.Delete ? new HttpResponseMessage(HttpStatusCode.NoContent) : FakeHttpHandler.Json(HttpStatusCode.OK, MessageJson));
        using DiscordRestClient sut = CreateSut();

        await sut.EditOriginalInteractionResponseAsync(42, "tok", Text("a"), CancellationToken.None);
        await sut.GetOriginalInteractionResponseAsync(42, "tok", CancellationToken.None);
        await sut.DeleteOriginalInteractionResponseAsync(42, "tok", CancellationToken.None);
        JsonMessage? followup = await sut.CreateFollowupMessageAsync(42, "tok", Text("b"), CancellationToken.None);
        await sut.EditFollowupMessageAsync(42, "tok", 5, Text("c"), CancellationToken.None);
        await sut.DeleteFollowupMessageAsync(42, "tok", 5, CancellationToken.None);

        Assert.That(_http.Requests.Select(r => $"{r.Method} {r.Path}"), Is.EqualTo(new[]
        {
            "PATCH /api/v10/webhooks/42/tok/messages/@original",
            "GET /api/v10/webhooks/42/tok/messages/@original",
            "DELETE /api/v10/webhooks/42/tok/messages/@original",
            "POST /api/v10/webhooks/42/tok",
            "PATCH /api/v10/webhooks/42/tok/messages/5",
            "DELETE /api/v10/webhooks/42/tok/messages/5",
        }));
        Assert.That(_http.Requests.All(r => r.Authorization is null), Is.True);
        Assert.That(followup!.Id, Is.EqualTo(5UL));
        Assert.That(_http.Requests[3].Body, Does.Contain("\"allowed_mentions\":{\"parse\":[]"));
    }

    [Test]
    public async Task Webhook_ExpiredToken_401IsNotCountedAsABadBotToken()
    {
        _http.Respond = (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.Unauthorized, """{"message":"Invalid Webhook Token","code":50027}"""));
        using DiscordRestClient sut = CreateSut();

        DiscordRestException ex = (await Assert.ThrowsAsync<DiscordRestException>(() => sut.CreateFollowupMessageAsync(42, "old", Text("late"), CancellationToken.None)))!;

        Assert.That(ex.HttpStatus, Is.EqualTo(401));
        Assert.That(ex.Code, Is.EqualTo(50027));
    }

    [Test]
    public async Task Commands_GlobalAndGuildRoutes_WithBotToken()
    {
        _http.Respond = (r, _) => Task.FromResult(
            r.Method == HttpMethod.Delete ? new HttpResponseMessage(HttpStatusCode.NoContent)
            : r.Method == HttpMethod.Get || r.Method == HttpMethod.Put ? FakeHttpHandler.Json(HttpStatusCode.OK, "[" + CommandJson + "]")
            : FakeHttpHandler.Json(HttpStatusCode.OK, CommandJson));
        using DiscordRestClient sut = CreateSut();
        var command = new JsonApplicationCommand { Name = "ping", Description = "Ping" };

        JsonApplicationCommand[] listed = await sut.GetApplicationCommandsAsync(42, null, CancellationToken.None);
        await sut.CreateApplicationCommandAsync(42, 100, command, CancellationToken.None);
        await sut.EditApplicationCommandAsync(42, null, 10, command, CancellationToken.None);
        await sut.DeleteApplicationCommandAsync(42, 100, 10, CancellationToken.None);
        JsonApplicationCommand[] overwritten = await sut.BulkOverwriteApplicationCommandsAsync(42, 100, [command], CancellationToken.None);

        Assert.That(_http.Requests.Select(r => $"{r.Method} {r.Path}"), Is.EqualTo(new[]
        {
            "GET /api/v10/applications/42/commands",
            "POST /api/v10/applications/42/guilds/100/commands",
            "PATCH /api/v10/applications/42/commands/10",
            "DELETE /api/v10/applications/42/guilds/100/commands/10",
            "PUT /api/v10/applications/42/guilds/100/commands",
        }));
        Assert.That(_http.Requests.All(r => r.Authorization == "Bot secret-token"), Is.True);
        Assert.That(_http.Requests[4].Body, Does.StartWith("[{").And.Contain("\"name\":\"ping\""));
        Assert.That(listed.Single().Id, Is.EqualTo(10UL));
        Assert.That(overwritten.Single().Version, Is.EqualTo(11UL));
    }

    [Test]
    public void InteractionBuckets_AreForgottenOnceTheirTokenExpired()
    {
        var limiter = new Discord.Rest.RateLimits.RestRateLimiter(_time, invalidRequestBudget: 1000);
        Discord.Rest.RateLimits.RouteBucket first = limiter.GetInteractionBucket("POST /webhooks", "42/old");
        for (int i = 0; i < 300; i++) limiter.GetInteractionBucket("POST /webhooks", "42/t" + i);
        Discord.Rest.RateLimits.RouteBucket sameWhileValid = limiter.GetInteractionBucket("POST /webhooks", "42/old");

        _time.Advance(TimeSpan.FromMinutes(16));
        limiter.GetInteractionBucket("POST /webhooks", "42/new");
        Discord.Rest.RateLimits.RouteBucket afterExpiry = limiter.GetInteractionBucket("POST /webhooks", "42/old");

        Assert.That(sameWhileValid, Is.SameAs(first));
        Assert.That(afterExpiry, Is.Not.SameAs(first), "a bucket per interaction token must not pile up forever");
    }
}
