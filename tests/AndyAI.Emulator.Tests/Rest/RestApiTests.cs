using System.Net;
using AndyAI.Emulator.Tests.Support;
using AndyAI.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Emulator.Tests.Rest;

public sealed class RestApiTests
{
    [Test]
    public async Task GatewayBot_ReturnsUrlWithoutQueryAndSessionStartLimit()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = RestTestClient.Create(emulator);

        using HttpResponseMessage response = await http.GetAsync("v10/gateway/bot");
        JsonElement body = await RestTestClient.ReadJsonAsync(response);

        Assert.That(body.GetProperty("url").GetString(), Is.EqualTo(emulator.GatewayUrl));
        Assert.That(body.GetProperty("url").GetString(), Does.Not.Contain("?"));
        Assert.That(body.GetProperty("shards").GetInt32(), Is.EqualTo(1));
        JsonElement limit = body.GetProperty("session_start_limit");
        Assert.That(limit.GetProperty("total").GetInt32(), Is.EqualTo(1000));
        Assert.That(limit.GetProperty("remaining").GetInt32(), Is.EqualTo(1000));
        Assert.That(limit.GetProperty("reset_after").GetInt64(), Is.Positive);
        Assert.That(limit.GetProperty("max_concurrency").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task V9AndV10_ShareHandlers_AndGatewayNeedsNoAuth()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient anonymous = RestTestClient.Create(emulator, token: "");
        using HttpClient http = RestTestClient.Create(emulator);

        using HttpResponseMessage gateway = await anonymous.GetAsync("v9/gateway");
        using HttpResponseMessage me9 = await http.GetAsync("v9/users/@me");
        using HttpResponseMessage me10 = await http.GetAsync("v10/users/@me");

        Assert.That((await RestTestClient.ReadJsonAsync(gateway)).GetProperty("url").GetString(), Is.EqualTo(emulator.GatewayUrl));
        Assert.That((await RestTestClient.ReadJsonAsync(me9)).GetProperty("id").GetString(), Is.EqualTo(emulator.BotUserId.ToString()));
        Assert.That((await RestTestClient.ReadJsonAsync(me10)).GetProperty("bot").GetBoolean(), Is.True);
    }

    [TestCase("")]
    [TestCase("wrong-token")]
    public async Task BadOrMissingToken_401AndCountedAsInvalid(string token)
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = RestTestClient.Create(emulator, token);

        using HttpResponseMessage response = await http.GetAsync("v10/users/@me");
        JsonElement body = await RestTestClient.ReadJsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(body.GetProperty("message").GetString(), Is.EqualTo("401: Unauthorized"));
        Assert.That(body.GetProperty("code").GetInt32(), Is.Zero);
        Assert.That(emulator.InvalidRequestCount, Is.EqualTo(1));
    }

    [Test]
    public async Task BearerInsteadOfBot_401()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(emulator.RestBaseUrl + "/") };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", emulator.BotToken);

        using HttpResponseMessage response = await http.GetAsync("v10/users/@me");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Responses_CarryRateLimitHeadersWithFractionalResetAfter()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = RestTestClient.Create(emulator);

        using HttpResponseMessage response = await http.PostAsync($"v10/channels/{emulator.DefaultChannelId}/messages", RestTestClient.Json("{\"content\":\"x\"}"));

        Assert.That(response.Headers.GetValues("X-RateLimit-Limit").Single(), Is.EqualTo("5"));
        Assert.That(response.Headers.GetValues("X-RateLimit-Remaining").Single(), Is.EqualTo("4"));
        Assert.That(response.Headers.GetValues("X-RateLimit-Reset-After").Single(), Does.Match(@"^\d+\.\d{3}$"));
        Assert.That(response.Headers.GetValues("X-RateLimit-Reset").Single(), Does.Match(@"^\d{10}\.\d{3}$"));
        Assert.That(response.Headers.GetValues("X-RateLimit-Bucket").Single(), Is.Not.Empty);
    }

    [Test]
    public async Task MessageBucket_SixthWithinWindow_429WithRetryAfterAndUserScope()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync(new EmulatorOptions { TimeProvider = time });
        using HttpClient http = RestTestClient.Create(emulator);
        string path = $"v10/channels/{emulator.DefaultChannelId}/messages";
        for (int i = 0; i < 5; i++)
        {
            using HttpResponseMessage ok = await http.PostAsync(path, RestTestClient.Json("{\"content\":\"x\"}"));
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using HttpResponseMessage limited = await http.PostAsync(path, RestTestClient.Json("{\"content\":\"x\"}"));
        JsonElement body = await RestTestClient.ReadJsonAsync(limited);
        time.Advance(TimeSpan.FromSeconds(5));
        using HttpResponseMessage afterReset = await http.PostAsync(path, RestTestClient.Json("{\"content\":\"x\"}"));

        Assert.That(limited.StatusCode, Is.EqualTo((HttpStatusCode)429));
        Assert.That(body.GetProperty("retry_after").GetDouble(), Is.EqualTo(5.0).Within(0.001));
        Assert.That(body.GetProperty("global").GetBoolean(), Is.False);
        Assert.That(limited.Headers.GetValues("X-RateLimit-Scope").Single(), Is.EqualTo("user"));
        Assert.That(limited.Headers.GetValues("X-RateLimit-Remaining").Single(), Is.EqualTo("0"));
        Assert.That(afterReset.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(emulator.BotMessages, Has.Count.EqualTo(6));
        Assert.That(emulator.InvalidRequestCount, Is.EqualTo(1));
    }

    [Test]
    public async Task GlobalLimit_Exceeded_429Global()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync(new EmulatorOptions { TimeProvider = time, GlobalRateLimitPerSecond = 3 });
        using HttpClient http = RestTestClient.Create(emulator);
        for (int i = 0; i < 3; i++)
        {
            using HttpResponseMessage ok = await http.GetAsync("v10/users/@me");
        }

        using HttpResponseMessage limited = await http.GetAsync("v10/users/@me");
        JsonElement body = await RestTestClient.ReadJsonAsync(limited);

        Assert.That(limited.StatusCode, Is.EqualTo((HttpStatusCode)429));
        Assert.That(body.GetProperty("global").GetBoolean(), Is.True);
        Assert.That(limited.Headers.GetValues("X-RateLimit-Global").Single(), Is.EqualTo("true"));
        Assert.That(limited.Headers.GetValues("X-RateLimit-Scope").Single(), Is.EqualTo("global"));
    }

    [TestCase(RestFault.RateLimitBucket, 429, "user")]
    [TestCase(RestFault.RateLimitGlobal, 429, "global")]
    [TestCase(RestFault.RateLimitShared, 429, "shared")]
    [TestCase(RestFault.InternalServerError, 500, null)]
    [TestCase(RestFault.BadGateway, 502, null)]
    [TestCase(RestFault.ServiceUnavailable, 503, null)]
    public async Task FailNextRestRequests_AnswersThatManyThenRecovers(RestFault fault, int status, string? scope)
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = RestTestClient.Create(emulator);
        emulator.FailNextRestRequests(2, fault, TimeSpan.FromSeconds(1.5));

        using HttpResponseMessage first = await http.PostAsync($"v10/channels/{emulator.DefaultChannelId}/messages", RestTestClient.Json("{\"content\":\"x\"}"));
        using HttpResponseMessage second = await http.PostAsync($"v10/channels/{emulator.DefaultChannelId}/messages", RestTestClient.Json("{\"content\":\"x\"}"));
        using HttpResponseMessage third = await http.PostAsync($"v10/channels/{emulator.DefaultChannelId}/messages", RestTestClient.Json("{\"content\":\"x\"}"));
        JsonElement body = await RestTestClient.ReadJsonAsync(first);

        Assert.That((int)first.StatusCode, Is.EqualTo(status));
        Assert.That((int)second.StatusCode, Is.EqualTo(status));
        Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(emulator.BotMessages, Has.Count.EqualTo(1), "failed requests must not create messages");
        if (scope is not null)
        {
            Assert.That(body.GetProperty("retry_after").GetDouble(), Is.EqualTo(1.5));
            Assert.That(body.GetProperty("global").GetBoolean(), Is.EqualTo(scope == "global"));
            Assert.That(first.Headers.GetValues("X-RateLimit-Scope").Single(), Is.EqualTo(scope));
            Assert.That(first.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(2)));
        }
    }

    [Test]
    public async Task SlowRestResponses_FakeClock_ResponseWaitsForTheClock()
    {
        var time = new TimerCountingTimeProvider(DateTimeOffset.UtcNow);
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync(new EmulatorOptions { TimeProvider = time });
        using HttpClient http = RestTestClient.Create(emulator);
        emulator.SlowRestResponses(TimeSpan.FromSeconds(10));
        int timers = time.TimersCreated;

        Task<HttpResponseMessage> request = http.GetAsync("v10/users/@me");
        await time.WhenTimersCreatedAsync(timers + 1); // the response waits on the clock now
        bool early = request.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(10));
        using HttpResponseMessage response = await request;

        Assert.That(early, Is.False);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Requests_AreRecordedWithRouteHeadersBodyAndStatus()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = RestTestClient.Create(emulator);

        using HttpResponseMessage _ = await http.PostAsync($"v10/channels/{emulator.DefaultChannelId}/messages", RestTestClient.Json("{\"content\":\"recorded\"}"));
        RecordedRequest request = await emulator.WaitForRequestAsync(r => r.Method == "POST", TimeSpan.FromSeconds(10));

        Assert.That(request.Route, Is.EqualTo("/channels/{channel_id}/messages"));
        Assert.That(request.Path, Is.EqualTo($"/api/v10/channels/{emulator.DefaultChannelId}/messages"));
        Assert.That(request.Headers["authorization"], Is.EqualTo("Bot " + emulator.BotToken));
        using JsonDocument? body = request.ParseBody();
        Assert.That(body!.RootElement.GetProperty("content").GetString(), Is.EqualTo("recorded"));
        Assert.That(request.StatusCode, Is.EqualTo(200));
        Assert.That(request.Timestamp, Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(-1)));
    }

    [Test]
    public async Task WaitForRequest_NoneArrives_ThrowsTimeout()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();

        Assert.That(() => emulator.WaitForRequestAsync(_ => true, TimeSpan.FromMilliseconds(100)), Throws.InstanceOf<TimeoutException>());
    }

    [Test]
    public async Task CurrentApplication_Owner_ThenTeamWithMembers()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = RestTestClient.Create(emulator);

        using HttpResponseMessage ownerResponse = await http.GetAsync("v10/oauth2/applications/@me");
        JsonElement owned = await RestTestClient.ReadJsonAsync(ownerResponse);
        emulator.SetApplicationTeam("Team Andy", emulator.AliceUserId, emulator.BobUserId);
        using HttpResponseMessage teamResponse = await http.GetAsync("v10/oauth2/applications/@me");
        JsonElement team = await RestTestClient.ReadJsonAsync(teamResponse);

        Assert.That(owned.GetProperty("id").GetString(), Is.EqualTo(emulator.ApplicationId.ToString()));
        Assert.That(owned.GetProperty("owner").GetProperty("id").GetString(), Is.EqualTo(emulator.OwnerUserId.ToString()));
        Assert.That(owned.GetProperty("team").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(team.GetProperty("team").GetProperty("owner_user_id").GetString(), Is.EqualTo(emulator.AliceUserId.ToString()));
        Assert.That(team.GetProperty("team").GetProperty("members").EnumerateArray().Select(m => m.GetProperty("user").GetProperty("id").GetString()),
            Is.EquivalentTo(new[] { emulator.AliceUserId.ToString(), emulator.BobUserId.ToString() }));
    }

    [Test]
    public async Task UnknownRoute_404Json()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = RestTestClient.Create(emulator);

        using HttpResponseMessage response = await http.GetAsync("v10/nothing/here");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await RestTestClient.ReadJsonAsync(response)).GetProperty("message").GetString(), Is.EqualTo("404: Not Found"));
    }

    [Test]
    public async Task GuildEndpoints_ReturnGuildChannelsRolesAndMember()
    {
        await using DiscordEmulator emulator = await DiscordEmulator.StartAsync();
        using HttpClient http = RestTestClient.Create(emulator);

        using HttpResponseMessage guild = await http.GetAsync($"v10/guilds/{emulator.DefaultGuildId}");
        using HttpResponseMessage channels = await http.GetAsync($"v10/guilds/{emulator.DefaultGuildId}/channels");
        using HttpResponseMessage roles = await http.GetAsync($"v10/guilds/{emulator.DefaultGuildId}/roles");
        using HttpResponseMessage member = await http.GetAsync($"v10/guilds/{emulator.DefaultGuildId}/members/{emulator.OwnerUserId}");

        Assert.That((await RestTestClient.ReadJsonAsync(guild)).GetProperty("owner_id").GetString(), Is.EqualTo(emulator.OwnerUserId.ToString()));
        Assert.That((await RestTestClient.ReadJsonAsync(channels))[0].GetProperty("id").GetString(), Is.EqualTo(emulator.DefaultChannelId.ToString()));
        Assert.That((await RestTestClient.ReadJsonAsync(roles)).GetArrayLength(), Is.EqualTo(3));
        Assert.That((await RestTestClient.ReadJsonAsync(member)).GetProperty("roles")[0].GetString(), Is.EqualTo(emulator.ModeratorRoleId.ToString()));
    }
}
