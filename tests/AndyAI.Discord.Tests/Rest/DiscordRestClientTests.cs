using System.Net;
using AndyAI.Discord.Json;
using AndyAI.Discord.Rest;
using AndyAI.Discord.Tests.Fakes;
using AndyAI.Testing;

namespace AndyAI.Discord.Tests.Rest;

public class DiscordRestClientTests
{
    private const string MessageJson = RestClientHarness.MessageJson;

    private RestClientHarness _rest = null!;

    [SetUp]
    public void SetUp() => _rest = new RestClientHarness();

    [TearDown]
    public void TearDown() => _rest.Dispose();

    private DiscordRestClient CreateSut(int invalidBudget = 1000, int retries = 3, int globalPerSecond = 50) =>
        _rest.CreateClient(new DiscordClientOptions { Token = "secret-token", ApiBaseUrl = "http://127.0.0.1:1/api", InvalidRequestBudget = invalidBudget, RestMaxRetries = retries, GlobalRequestsPerSecond = globalPerSecond });

    private static JsonCreateMessage Body(string content = "hi") => new() { Content = content };

    private Task<T> AdvanceUntilAsync<T>(Task<T> task, TimeSpan step) => _rest.AdvanceUntilAsync(task, step);

    [Test]
    public async Task CreateMessage_SendsBotAuthorizationUserAgentAndJsonBody()
    {
        _rest.Http.Respond = (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, MessageJson));
        using DiscordRestClient sut = CreateSut();

        JsonMessage sent = (await sut.CreateMessageAsync(200, Body(), CancellationToken.None))!;

        FakeHttpHandler.Recorded request = _rest.Http.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(sent.Id, Is.EqualTo(5UL));
            Assert.That(request.Path, Is.EqualTo("/api/v10/channels/200/messages"));
            Assert.That(request.Authorization, Is.EqualTo("Bot secret-token"));
            Assert.That(request.UserAgent, Does.StartWith("DiscordBot (").And.Contains(", 1.0)"));
            Assert.That(request.Body, Does.Contain("\"allowed_mentions\":{\"parse\":[]"));
        });
    }

    [Test]
    public async Task Bucket_Exhausted_NextRequestWaitsUntilResetAfter()
    {
        _rest.Http.Respond = (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, MessageJson, "b1", limit: 5, remaining: 0, resetAfter: 2.5));
        using DiscordRestClient sut = CreateSut();
        await sut.CreateMessageAsync(200, Body(), CancellationToken.None);
        DateTimeOffset start = _rest.Time.GetUtcNow();
        int waits = _rest.Time.TimersCreated;

        Task<JsonMessage?> second = sut.CreateMessageAsync(200, Body(), CancellationToken.None);
        await _rest.WhenWaitingAsync(waits);
        int countBeforeReset = _rest.Http.Count;
        await AdvanceUntilAsync(second, TimeSpan.FromMilliseconds(500));

        Assert.Multiple(() =>
        {
            Assert.That(countBeforeReset, Is.EqualTo(1));
            Assert.That(_rest.Http.Count, Is.EqualTo(2));
            Assert.That(_rest.Time.GetUtcNow() - start, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(2.5)));
        });
    }

    [Test]
    public async Task Bucket_OtherChannel_IsNotHeldBack()
    {
        _rest.Http.Respond = (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, MessageJson, "b1", limit: 5, remaining: 0, resetAfter: 60));
        using DiscordRestClient sut = CreateSut();
        await sut.CreateMessageAsync(200, Body(), CancellationToken.None);

        await sut.CreateMessageAsync(201, Body(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));

        Assert.That(_rest.Http.Count, Is.EqualTo(2), "the top-level resource id is part of the bucket");
    }

    [Test]
    public async Task Bucket_LimitTwo_ConcurrentRequestsNeverExceedIt()
    {
        var release = new TaskCompletionSource();
        _rest.Http.Respond = async (_, i) =>
        {
            if (i > 0) await release.Task;
            return FakeHttpHandler.Json(HttpStatusCode.OK, MessageJson, "b1", limit: 2, remaining: i == 0 ? 1 : 0, resetAfter: 5);
        };
        using DiscordRestClient sut = CreateSut();
        await sut.CreateMessageAsync(200, Body(), CancellationToken.None); // learns: 1 left in this window
        int waits = _rest.Time.TimersCreated;

        Task<JsonMessage?>[] burst = [.. Enumerable.Range(0, 5).Select(_ => sut.CreateMessageAsync(200, Body(), CancellationToken.None))];
        await _rest.WhenWaitingAsync(waits, count: 4); // four wait for the reset…
        await Poll.UntilAsync(() => _rest.Http.Count >= 2, "the request with the last permit to be sent"); // …one is sent
        int sentInFirstWindow = _rest.Http.Count;
        release.SetResult();
        await AdvanceUntilAsync(Task.WhenAll(burst), TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(sentInFirstWindow, Is.EqualTo(2), "1 learned + 1 remaining; the other 4 wait for the reset");
            Assert.That(_rest.Http.Count, Is.EqualTo(6));
        });
    }

    [Test]
    public async Task Bucket_ResponsesArriveOutOfOrder_RemainingNeverGoesBackUp()
    {
        var gates = new[] { new TaskCompletionSource(), new TaskCompletionSource() };
        _rest.Http.Respond = async (_, i) =>
        {
            if (i == 0) return FakeHttpHandler.Json(HttpStatusCode.OK, MessageJson, "b1", limit: 5, remaining: 4, resetAfter: 10);
            await gates[i - 1].Task;
            return FakeHttpHandler.Json(HttpStatusCode.OK, MessageJson, "b1", limit: 5, remaining: i == 1 ? 3 : 2, resetAfter: 10);
        };
        using DiscordRestClient sut = CreateSut();
        await sut.CreateMessageAsync(200, Body(), CancellationToken.None);
        Task<JsonMessage?> a = sut.CreateMessageAsync(200, Body(), CancellationToken.None);
        Task<JsonMessage?> b = sut.CreateMessageAsync(200, Body(), CancellationToken.None);
        await Poll.UntilAsync(() => _rest.Http.Count >= 3, "both requests to be sent");

        gates[1].SetResult(); // the newer answer (remaining 2) first…
        await b;
        gates[0].SetResult(); // …then the older one (remaining 3)
        await a;

        var bucket = sut.RateLimiter.GetBucket("POST /channels/{channel_id}/messages", "200");
        Assert.That(bucket.Remaining, Is.EqualTo(2));
    }

    [Test]
    public async Task TooManyRequests_Bucket_WaitsRetryAfterThenRetries()
    {
        _rest.Http.Respond = (_, i) => Task.FromResult(i == 0 ? FakeHttpHandler.TooMany(1.5) : FakeHttpHandler.Json(HttpStatusCode.OK, MessageJson));
        using DiscordRestClient sut = CreateSut();
        DateTimeOffset start = _rest.Time.GetUtcNow();

        JsonMessage sent = (await AdvanceUntilAsync(sut.CreateMessageAsync(200, Body(), CancellationToken.None), TimeSpan.FromMilliseconds(250)))!;

        Assert.Multiple(() =>
        {
            Assert.That(sent.Id, Is.EqualTo(5UL));
            Assert.That(_rest.Http.Count, Is.EqualTo(2));
            Assert.That(_rest.Time.GetUtcNow() - start, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1.5)));
            Assert.That(sut.RateLimiter.InvalidTotal, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task TooManyRequests_BodyWithoutRetryAfter_WaitsTheRetryAfterHeader()
    {
        _rest.Http.Respond = (_, i) =>
        {
            if (i > 0) return Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, MessageJson));
            HttpResponseMessage limited = FakeHttpHandler.Json((HttpStatusCode)429, """{"message":"You are being rate limited.","global":false}""");
            limited.Headers.Add("Retry-After", "2");
            return Task.FromResult(limited);
        };
        using DiscordRestClient sut = CreateSut();
        DateTimeOffset start = _rest.Time.GetUtcNow();

        await AdvanceUntilAsync(sut.CreateMessageAsync(200, Body(), CancellationToken.None), TimeSpan.FromMilliseconds(250));

        Assert.That(_rest.Time.GetUtcNow() - start, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(2)), "a JSON body without retry_after is not 'retry now'");
    }

    [Test]
    public async Task GlobalRequestsPerSecond_Reached_NextRequestWaitsForTheNextSecond()
    {
        _rest.Http.Respond = (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, """{"id":"42","username":"andy"}"""));
        using DiscordRestClient sut = CreateSut(globalPerSecond: 2);

        await sut.GetCurrentUserAsync(CancellationToken.None);
        await sut.GetCurrentUserAsync(CancellationToken.None);
        int waits = _rest.Time.TimersCreated;
        Task<JsonUser> third = sut.GetCurrentUserAsync(CancellationToken.None);
        await _rest.WhenWaitingAsync(waits);
        int countBeforeTheSecondEnds = _rest.Http.Count;
        await AdvanceUntilAsync(third, TimeSpan.FromMilliseconds(250));

        Assert.Multiple(() =>
        {
            Assert.That(countBeforeTheSecondEnds, Is.EqualTo(2), "the third request in the same second waits");
            Assert.That(_rest.Http.Count, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task TooManyRequests_Global_PausesEveryRoute()
    {
        var firstAnswered = new TaskCompletionSource();
        _rest.Http.Respond = (r, i) =>
        {
            if (i == 0)
            {
                firstAnswered.SetResult();
                return Task.FromResult(FakeHttpHandler.TooMany(3, "global", global: true));
            }

            return Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, r.RequestUri!.AbsolutePath.Contains("users") ? """{"id":"42","username":"andy"}""" : MessageJson));
        };
        using DiscordRestClient sut = CreateSut();
        int waits = _rest.Time.TimersCreated;
        Task<JsonMessage?> limited = sut.CreateMessageAsync(200, Body(), CancellationToken.None);
        await firstAnswered.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await _rest.WhenWaitingAsync(waits); // the 429 was read: its retry waits out the global pause

        Task<JsonUser> other = sut.GetCurrentUserAsync(CancellationToken.None);
        await _rest.WhenWaitingAsync(waits, count: 2);
        int countDuringPause = _rest.Http.Count;
        await AdvanceUntilAsync(Task.WhenAll(limited, other).ContinueWith(_ => true, TaskScheduler.Default), TimeSpan.FromMilliseconds(500));

        Assert.Multiple(() =>
        {
            Assert.That(countDuringPause, Is.EqualTo(1), "another route waits out the global pause too");
            Assert.That(other.Result.Id, Is.EqualTo(42UL));
            Assert.That(_rest.Http.Count, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task TooManyRequests_Shared_RetriesAndIsNotCountedAsInvalid()
    {
        _rest.Http.Respond = (_, i) => Task.FromResult(i == 0 ? FakeHttpHandler.TooMany(1, "shared") : FakeHttpHandler.Json(HttpStatusCode.OK, MessageJson));
        using DiscordRestClient sut = CreateSut();

        await AdvanceUntilAsync(sut.CreateMessageAsync(200, Body(), CancellationToken.None), TimeSpan.FromMilliseconds(250));

        Assert.Multiple(() =>
        {
            Assert.That(_rest.Http.Count, Is.EqualTo(2));
            Assert.That(sut.RateLimiter.InvalidTotal, Is.Zero);
        });
    }

    [Test]
    public async Task ServerError_RetriedWithBackoff_ThenSucceeds()
    {
        _rest.Http.Respond = (_, i) => Task.FromResult(i < 2 ? FakeHttpHandler.Json(HttpStatusCode.BadGateway, "{}") : FakeHttpHandler.Json(HttpStatusCode.OK, MessageJson));
        using DiscordRestClient sut = CreateSut();

        // Retried because the enforced nonce makes a repeat harmless (a plain POST is not: see RestFaultTests).
        JsonMessage sent = (await AdvanceUntilAsync(sut.CreateMessageAsync(200, new JsonCreateMessage { Content = "hi", Nonce = "1", EnforceNonce = true }, CancellationToken.None), TimeSpan.FromMilliseconds(250)))!;

        Assert.Multiple(() =>
        {
            Assert.That(sent.Id, Is.EqualTo(5UL));
            Assert.That(_rest.Http.Count, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task ServerError_Persistent_ThrowsTypedErrorAfterBoundedRetries()
    {
        _rest.Http.Respond = (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.ServiceUnavailable, """{"message":"down","code":0}"""));
        using DiscordRestClient sut = CreateSut(retries: 2);

        Task<JsonMessage?> call = sut.GetMessageAsync(200, 5, CancellationToken.None);
        DiscordRestException? error = null;
        try
        {
            await AdvanceUntilAsync(call, TimeSpan.FromMilliseconds(500));
        }
        catch (DiscordRestException ex)
        {
            error = ex;
        }

        Assert.Multiple(() =>
        {
            Assert.That(error?.HttpStatus, Is.EqualTo(503));
            Assert.That(_rest.Http.Count, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task InvalidToken_Throws401WithActionableMessage()
    {
        _rest.Http.Respond = (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.Unauthorized, """{"message":"401: Unauthorized","code":0}"""));
        using DiscordRestClient sut = CreateSut();

        DiscordRestException? error = await Assert.ThrowsAsync<DiscordRestException>(() => sut.GetCurrentUserAsync(CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.HttpStatus, Is.EqualTo(401));
            Assert.That(error.DiscordMessage, Is.EqualTo("401: Unauthorized"));
            Assert.That(error.Message, Does.Contain("token is invalid"));
            Assert.That(error.Message, Does.Not.Contain("secret-token"));
            Assert.That(sut.RateLimiter.InvalidTotal, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ClientError_CarriesDiscordStatusCodeAndMessage()
    {
        _rest.Http.Respond = (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.BadRequest, """{"message":"Cannot send an empty message","code":50006}"""));
        using DiscordRestClient sut = CreateSut();

        DiscordRestException? error = null;
        try
        {
            await sut.CreateMessageAsync(200, Body(""), CancellationToken.None);
        }
        catch (DiscordRestException ex)
        {
            error = ex;
        }

        Assert.Multiple(() =>
        {
            Assert.That(error?.HttpStatus, Is.EqualTo(400));
            Assert.That(error?.Code, Is.EqualTo(50006));
            Assert.That(error?.DiscordMessage, Is.EqualTo("Cannot send an empty message"));
        });
    }

    [Test]
    public async Task GetMessage_NotFound_ReturnsNull()
    {
        _rest.Http.Respond = (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.NotFound, """{"message":"Unknown Message","code":10008}"""));
        using DiscordRestClient sut = CreateSut();

        JsonMessage? message = await sut.GetMessageAsync(200, 5, CancellationToken.None);

        Assert.That(message, Is.Null);
    }

    [Test]
    public async Task InvalidResponses_BudgetSpent_HoldsRequestsBackUntilTheWindowMoves()
    {
        _rest.Http.Respond = (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.Forbidden, """{"message":"Missing Access","code":50001}"""));
        using DiscordRestClient sut = CreateSut(invalidBudget: 10);
        for (int i = 0; i < 10; i++)
        {
            try
            {
                await sut.CreateMessageAsync(200, Body(), CancellationToken.None);
            }
            catch (DiscordRestException)
            {
            }
        }

        int waits = _rest.Time.TimersCreated;
        Task<JsonMessage?> held = sut.CreateMessageAsync(200, Body(), CancellationToken.None);
        await _rest.WhenWaitingAsync(waits);
        int countWhileHeld = _rest.Http.Count;
        try
        {
            await AdvanceUntilAsync(held, TimeSpan.FromMinutes(1));
        }
        catch (DiscordRestException)
        {
        }

        Assert.Multiple(() =>
        {
            Assert.That(countWhileHeld, Is.EqualTo(10));
            Assert.That(_rest.Http.Count, Is.EqualTo(11));
        });
    }
}
