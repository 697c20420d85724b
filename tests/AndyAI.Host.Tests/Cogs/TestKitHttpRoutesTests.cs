using System.Security.Cryptography;
using System.Text;
using AndyAI.Abstractions.Http;
using AndyAI.Host.Cogs;
using AndyAI.Host.Cogs.Http;
using AndyAI.Host.Tests.Fakes;
using AndyAI.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace AndyAI.Host.Tests.Cogs;

/// <summary>
/// The test kit's <see cref="FakeHttpRouteRegistry"/> refuses what the host refuses, in the host's words, and serves a
/// fake request as the host would (404, 405, 401, 413, the handler's answer, a response the host cannot send).
/// </summary>
public sealed class TestKitHttpRoutesTests
{
    private static readonly Func<CogHttpRequest, CancellationToken, ValueTask<CogHttpResponse>> Ok = (_, _) => ValueTask.FromResult(CogHttpResponse.Text("ok"));

    private static IEnumerable<TestCaseData> BadRoutes()
    {
        yield return new TestCaseData("HEAD", "hook", null).SetName("a method the host does not route");
        yield return new TestCaseData("GET", "a//b", null).SetName("an empty segment");
        yield return new TestCaseData("GET", "{id}/{id}", null).SetName("a parameter twice");
        yield return new TestCaseData("GET", "a b", null).SetName("a space in a literal");
        yield return new TestCaseData("POST", "hook", new CogHttpRouteOptions { MaxRequestBodyBytes = 2 * 1024 * 1024 }).SetName("a body limit over 1 MiB");
        yield return new TestCaseData("POST", "hook", new CogHttpRouteOptions { Timeout = TimeSpan.Zero }).SetName("no time at all");
        yield return new TestCaseData("POST", "hook", new CogHttpRouteOptions { AllowAnonymous = true, AnonymousRequestsPerMinute = 0 }).SetName("no anonymous request at all");
        yield return new TestCaseData("POST", "hook", new CogHttpRouteOptions { AllowAnonymous = true, AnonymousRequestsPerMinute = 10_001 }).SetName("an anonymous rate over 10,000 a minute");
    }

    [TestCaseSource(nameof(BadRoutes))]
    public void Map_WhatTheHostRefuses_TheFakeRefusesWithTheSameMessage(string method, string template, CogHttpRouteOptions? options)
    {
        var host = new CogHttpRegistry(new CogHttpRouteTable(), "TestCog", _ => { }, NullLogger.Instance, TimeProvider.System, CancellationToken.None);
        var fake = new FakeHttpRouteRegistry();

        var hostError = Assert.Catch<ArgumentException>(() => host.Map(method, template, Ok, options));
        var fakeError = Assert.Catch<ArgumentException>(() => fake.Map(method, template, Ok, options));

        Assert.That(fakeError!.Message, Is.EqualTo(hostError!.Message));
    }

    [Test]
    public void Map_TheSameShapeTwice_BothRefuseWithTheSameMessage()
    {
        var host = new CogHttpRegistry(new CogHttpRouteTable(), "TestCog", _ => { }, NullLogger.Instance, TimeProvider.System, CancellationToken.None);
        var fake = new FakeHttpRouteRegistry();
        host.Map("GET", "builds/{id}", Ok);
        fake.Map("GET", "builds/{id}", Ok);

        var hostError = Assert.Throws<ArgumentException>(() => host.Map("GET", "builds/{n}", Ok));
        var fakeError = Assert.Throws<ArgumentException>(() => fake.Map("GET", "builds/{n}", Ok));

        Assert.That(fakeError!.Message, Is.EqualTo(hostError!.Message));
        Assert.That(fake.Routes.Select(r => (r.Method, r.Template)), Is.EqualTo(new[] { ("GET", "builds/{id}") }));
    }

    [Test]
    public async Task InvokeAsync_ServesLikeTheHost_404_405_401_413()
    {
        using var context = new FakeCogContext { CogName = "Hooks" };
        context.Http.Map("GET", "status", Ok);
        context.Http.Map("POST", "small", Ok, new CogHttpRouteOptions { MaxRequestBodyBytes = 3 });

        CogHttpResponse missing = await context.FakeHttp.InvokeAsync("GET", "nothing");
        CogHttpResponse wrongMethod = await context.FakeHttp.InvokeAsync("PUT", "status");
        CogHttpResponse noToken = await context.FakeHttp.InvokeAsync("GET", "status", withToken: false);
        CogHttpResponse tooBig = await context.FakeHttp.InvokeAsync("POST", "small", "four");
        CogHttpResponse served = await context.FakeHttp.InvokeAsync("GET", "/cogs/Hooks/status");

        Assert.Multiple(() =>
        {
            Assert.That(context.Http.PathPrefix, Is.EqualTo("/cogs/Hooks/"));
            Assert.That(missing.StatusCode, Is.EqualTo(404));
            Assert.That((wrongMethod.StatusCode, wrongMethod.Headers["Allow"]), Is.EqualTo((405, "GET")));
            Assert.That(noToken.StatusCode, Is.EqualTo(401));
            Assert.That(tooBig.StatusCode, Is.EqualTo(413));
            Assert.That((served.StatusCode, Encoding.UTF8.GetString(served.Body.Span)), Is.EqualTo((200, "ok")));
        });
    }

    [Test]
    public async Task InvokeAsync_WithoutTheToken_AProtectedRoute_AMissingOne_AndAWrongMethod_AreOneAnswer_AsInTheHost()
    {
        using var context = new FakeCogContext { CogName = "Hooks" };
        context.Http.Map("GET", "status", Ok);
        context.Http.Map("POST", "github", Ok, new CogHttpRouteOptions { AllowAnonymous = true });

        CogHttpResponse[] answers =
        [
            await context.FakeHttp.InvokeAsync("GET", "status", withToken: false),
            await context.FakeHttp.InvokeAsync("GET", "nothing", withToken: false),
            await context.FakeHttp.InvokeAsync("DELETE", "status", withToken: false),
            await context.FakeHttp.InvokeAsync("GET", "github", withToken: false),
        ];
        CogHttpResponse anonymous = await context.FakeHttp.InvokeAsync("POST", "github", withToken: false);

        Assert.Multiple(() =>
        {
            Assert.That(answers.Select(Describe).Distinct(), Is.EqualTo(new[] { "401 WWW-Authenticate=Bearer This route needs the dashboard token: Authorization: Bearer <token>." }));
            Assert.That(anonymous.StatusCode, Is.EqualTo(200));
        });
    }

    [Test]
    public async Task InvokeAsync_AnAnonymousRoute_AllowsItsRatePerMinute_Then429_UntilTheClockRefillsIt_AsTheHostDoes()
    {
        using var context = new FakeCogContext { CogName = "Hooks" };
        int calls = 0;
        context.Http.Map("POST", "github", (_, _) =>
        {
            calls++;
            return ValueTask.FromResult(CogHttpResponse.Status(204));
        }, new CogHttpRouteOptions { AllowAnonymous = true, AnonymousRequestsPerMinute = 3 });

        int[] burst = [.. await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ => (await context.FakeHttp.InvokeAsync("POST", "github", withToken: false)).StatusCode))];
        CogHttpResponse refused = await context.FakeHttp.InvokeAsync("POST", "github", withToken: false);
        CogHttpResponse withToken = await context.FakeHttp.InvokeAsync("POST", "github");
        context.Clock.Advance(TimeSpan.FromSeconds(20));
        CogHttpResponse refilled = await context.FakeHttp.InvokeAsync("POST", "github", withToken: false);

        Assert.Multiple(() =>
        {
            Assert.That(burst, Is.EqualTo(new[] { 204, 204, 204, 429 }));
            Assert.That((refused.StatusCode, refused.Headers["Retry-After"]), Is.EqualTo((429, "20")));
            Assert.That(withToken.StatusCode, Is.EqualTo(204), "the dashboard token's holder is not limited");
            Assert.That(refilled.StatusCode, Is.EqualTo(204), "a third of a minute later, one more");
            Assert.That(calls, Is.EqualTo(5));
        });
    }

    [Test]
    public async Task InvokeAsync_CallerAddressSet_EachCallerHasItsOwnAllowance_AndTheCogSeesTheAddress()
    {
        using var context = new FakeCogContext { CogName = "Hooks" };
        var seen = new List<string?>();
        context.Http.Map("POST", "github", (request, _) =>
        {
            seen.Add(request.RemoteAddress);
            return ValueTask.FromResult(CogHttpResponse.Status(204));
        }, new CogHttpRouteOptions { AllowAnonymous = true, AnonymousRequestsPerMinute = 1 });

        async Task<int> From(string? address)
        {
            context.FakeHttp.CallerAddress = address;
            return (await context.FakeHttp.InvokeAsync("POST", "github", withToken: false)).StatusCode;
        }

        int[] answers =
        [
            await From("203.0.113.7"), await From("203.0.113.7"), await From("198.51.100.2"),
            await From("2001:db8::1"), await From("2001:db8::2"), await From("::ffff:203.0.113.7"),
        ];

        Assert.Multiple(() =>
        {
            Assert.That(answers, Is.EqualTo(new[] { 204, 429, 204, 204, 429, 429 }), "one /64 is one IPv6 caller; a mapped IPv4 address is the IPv4 caller");
            Assert.That(seen, Is.EqualTo(new[] { "203.0.113.7", "198.51.100.2", "2001:db8::1" }));
            Assert.Throws<ArgumentException>(() => context.FakeHttp.CallerAddress = "not-an-address");
            Assert.That(new FakeHttpRouteRegistry().CallerAddress, Is.EqualTo(FakeHttpRouteRegistry.RemoteAddress));
        });
    }

    private static IEnumerable<TestCaseData> OriginWideHeaders() =>
        new[] { "Set-Cookie", "Clear-Site-Data", "Access-Control-Allow-Origin", "Strict-Transport-Security", "Service-Worker-Allowed", "Content-Security-Policy-Report-Only", "NEL", "Alt-Svc" }
            .Select(h => new TestCaseData(h).SetName("the fake refuses " + h + " as the host does"));

    [TestCaseSource(nameof(OriginWideHeaders))]
    public async Task InvokeAsync_AHeaderActingOnTheWholeOrigin_TheFakeRefusesWithTheHostsReason(string header)
    {
        Func<CogHttpRequest, CancellationToken, ValueTask<CogHttpResponse>> handler = (_, _) => ValueTask.FromResult(CogHttpResponse.Status(200).WithHeader(header, "x"));
        var table = new CogHttpRouteTable();
        Exception? hostError = null;
        var host = new CogHttpRegistry(table, "TestCog", e => hostError = e, NullLogger.Instance, TimeProvider.System, CancellationToken.None);
        host.Map("GET", "page", handler);
        host.Registrations.Activate();
        using var context = new FakeCogContext();
        context.Http.Map("GET", "page", handler);

        CogHttpResponse hostAnswer = await table.Match("TestCog", "GET", ["page"]).Route!.InvokeAsync(new CogHttpRequest { Method = "GET", Path = "/cogs/TestCog/page" }, CancellationToken.None);
        var fakeError = await Assert.ThrowsAsync<InvalidOperationException>(() => context.FakeHttp.InvokeAsync("GET", "page"));

        Assert.That(hostAnswer.StatusCode, Is.EqualTo(500));
        Assert.That(fakeError!.Message, Is.EqualTo(hostError!.Message));
        Assert.That(fakeError.Message, Does.Contain($"the header {header} acts on the whole origin"));
    }

    [Test]
    public async Task SignalUnloading_RemovesTheRoutes_AsTheHostDoesAtUnload()
    {
        using var context = new FakeCogContext { CogName = "Hooks" };
        context.Http.Map("GET", "status", Ok);

        context.SignalUnloading();
        CogHttpResponse afterUnload = await context.FakeHttp.InvokeAsync("GET", "status");

        Assert.That((afterUnload.StatusCode, context.FakeHttp.Routes.Count), Is.EqualTo((404, 0)));
    }

    [Test]
    public async Task InvokeAsync_AResponseTheHostCannotSend_Throws()
    {
        using var context = new FakeCogContext();
        context.Http.Map("GET", "cookie", (_, _) => ValueTask.FromResult(CogHttpResponse.Status(200).WithHeader("Set-Cookie", "a=1")));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => context.FakeHttp.InvokeAsync("GET", "cookie"));

        Assert.That(ex!.Message, Does.Contain("the header Set-Cookie acts on the whole origin, which cog routes share with the dashboard"));
    }

    [Test]
    public async Task InvokeAsync_AWebhookCheckingItsSignature_AcceptsTheSignedBodyOnly()
    {
        // The docs' webhook (docs/writing-a-cog.md, "HTTP routes"), as a cog author would test it.
        byte[] secret = "webhook-secret"u8.ToArray();
        using var context = new FakeCogContext { CogName = "Hooks" };
        context.Http.Map("POST", "github", (request, _) =>
        {
            string expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, request.Body.Span));
            string? given = request.Header("X-Hub-Signature-256");
            bool valid = given is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given), Encoding.ASCII.GetBytes(expected));
            return ValueTask.FromResult(valid ? CogHttpResponse.Status(204) : CogHttpResponse.Text("bad signature", 401));
        }, new CogHttpRouteOptions { AllowAnonymous = true });
        const string body = "{\"ref\":\"refs/heads/main\"}";
        string signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(body)));

        CogHttpResponse signed = await context.FakeHttp.InvokeAsync("POST", "github", body, new Dictionary<string, string> { ["x-hub-signature-256"] = signature }, withToken: false);
        CogHttpResponse forged = await context.FakeHttp.InvokeAsync("POST", "github", body + " ", new Dictionary<string, string> { ["X-Hub-Signature-256"] = signature }, withToken: false);

        Assert.That((signed.StatusCode, forged.StatusCode), Is.EqualTo((204, 401)));
    }

    [Test]
    public async Task InvokeAsync_TheHostsCredentialHeaders_NeverReachTheCog()
    {
        using var context = new FakeCogContext { CogName = "Hooks" };
        IReadOnlyDictionary<string, string>? seen = null;
        context.Http.Map("POST", "hook", (request, _) =>
        {
            seen = request.Headers;
            return ValueTask.FromResult(CogHttpResponse.Status(204));
        }, new CogHttpRouteOptions { AllowAnonymous = true });

        await context.FakeHttp.InvokeAsync("POST", "hook", "{}", new Dictionary<string, string>
        {
            ["Authorization"] = "Bearer dashboard-token", ["cookie"] = "session=1", ["Proxy-Authorization"] = "Basic cHJveHk6cGFzcw==", ["X-GitHub-Event"] = "push",
        });

        Assert.That(seen!.Keys, Is.EquivalentTo(new[] { "X-GitHub-Event" }));
    }

    private static string Describe(CogHttpResponse response) =>
        $"{response.StatusCode} {string.Join(",", response.Headers.Select(h => h.Key + "=" + h.Value))} {Encoding.UTF8.GetString(response.Body.Span)}";
}
