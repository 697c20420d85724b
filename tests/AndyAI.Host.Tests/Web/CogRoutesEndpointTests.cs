using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AndyAI.Abstractions.Http;
using AndyAI.Host.Cogs;
using AndyAI.Host.Cogs.Http;
using AndyAI.Host.Statistics;
using AndyAI.Host.Tests.Fakes;
using AndyAI.Host.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AndyAI.Host.Tests.Web;

/// <summary>
/// Cog routes end to end: real cog contexts register routes, and real requests reach them through Kestrel on
/// 127.0.0.1 (a port from the OS) with the listener's body limit, over <see cref="CogRoutesEndpoint"/>.
/// </summary>
public sealed class CogRoutesEndpointTests
{
    private const string Token = "the-dashboard-token-0123456789";

    private readonly FakeLogCollector _logs = new();
    // Room for two 1 MiB bodies and a little more: the third request in flight with a 1 MiB body is refused.
    private readonly CogRequestBodyBudget _budget = new(2 * 1024 * 1024 + 1000);
    private readonly CogRouteRateLimiter _limiter = new(TimeProvider.System);
    private CogHttpRouteTable _table = null!;
    private CogContextFactory _factory = null!;
    private BotStatistics _statistics = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private string _dataRoot = null!;

    [OneTimeSetUp]
    public async Task StartListener()
    {
        _table = new CogHttpRouteTable();
        ILoggerFactory loggers = LoggerFactory.Create(builder => builder.AddProvider(new FakeLoggerProvider(_logs)));
        _statistics = new BotStatistics(TimeProvider.System);
        _factory = new CogContextFactory(new FakeDiscordBot(), new FakeCommandCatalog(), new FakeCogServicesFactory(), _statistics, loggers, TimeProvider.System, httpRoutes: _table);
        _dataRoot = Path.Combine(Path.GetTempPath(), "andyai-host-tests", Guid.NewGuid().ToString("N"));

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        // Kestrel's own warnings and errors too: what a caller can write into the operator's log.
        builder.Logging.AddProvider(new FakeLoggerProvider(_logs)).SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = WebListener.MaxRequestBodySize;
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        builder.Services.AddSingleton(_table);
        builder.Services.AddSingleton(_budget);
        builder.Services.AddSingleton(_limiter);
        builder.Services.AddSingleton(_ => new CogRouteTokenRefusals(loggers, TimeProvider.System));
        builder.Services.AddSingleton(new DashboardToken(Token));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(loggers);
        _app = builder.Build();
        // The dashboard's cog buttons post to /cogs/{operation}: that must stay theirs.
        _app.MapPost("/cogs/{operation}", () => "dashboard");
        CogRoutesEndpoint.Map(_app);
        await _app.StartAsync();
        _table.IsServed = true;
        string address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
    }

    [OneTimeTearDown]
    public async Task StopListener()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        _budget.Dispose();
        _limiter.Dispose();
        _statistics.Dispose();
        if (Directory.Exists(_dataRoot)) Directory.Delete(_dataRoot, recursive: true);
    }

    [Test]
    public async Task Get_WithTheToken_ReachesTheHandlerWithValuesQueryAndHeaders_ButNeverTheTokenOrCookie()
    {
        await using ICogContextScope scope = Start("Echo", http => http.Map("GET", "builds/{id}/status", (request, _) =>
            ValueTask.FromResult(CogHttpResponse.Text(
                $"{request.RouteValues["id"]}|{request.QueryValue("verbose")}|{request.Header("X-Custom")}|{request.Header("Authorization") ?? "none"}|{request.Header("Cookie") ?? "none"}|{request.RemoteAddress}|{request.IsAuthenticated}|{request.Path}")
                .WithHeader("X-Build", "ok"))));

        using var message = new HttpRequestMessage(HttpMethod.Get, "/cogs/echo/builds/a%2Fb%20c/status?verbose=yes&verbose=no");
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        message.Headers.Add("X-Custom", "hello");
        message.Headers.Add("Cookie", "andyai_session=abc");
        using HttpResponseMessage response = await _http.SendAsync(message);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("a/b c|yes|hello|none|none|127.0.0.1|True|/cogs/echo/builds/a%2Fb c/status"));
        Assert.That(response.Headers.GetValues("X-Build"), Is.EqualTo(new[] { "ok" }));
        Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo("text/plain; charset=utf-8"));
        Assert.That(response.Headers.GetValues("Content-Security-Policy"), Is.EqualTo(new[] { "sandbox; frame-ancestors 'none'" }), "a cog's page can never act as the dashboard");
    }

    [Test]
    public async Task Route_WithoutTheToken_Is401AndTheHandlerNeverRuns_WrongTokenToo_AndIsLoggedWithoutTheGuess()
    {
        int calls = 0;
        await using ICogContextScope scope = Start("Guarded", http => http.Map("POST", "run", (_, _) =>
        {
            Interlocked.Increment(ref calls);
            return ValueTask.FromResult(CogHttpResponse.Status(204));
        }));

        using HttpResponseMessage none = await _http.PostAsync("/cogs/Guarded/run", new StringContent("x"));
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/cogs/Guarded/run") { Content = new StringContent("x") };
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "guess-guess-guess");
        using HttpResponseMessage wrongResponse = await _http.SendAsync(wrong);
        using var right = new HttpRequestMessage(HttpMethod.Post, "/cogs/Guarded/run") { Content = new StringContent("x") };
        right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using HttpResponseMessage rightResponse = await _http.SendAsync(right);

        Assert.Multiple(() =>
        {
            Assert.That(none.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(none.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
            Assert.That(wrongResponse.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(rightResponse.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(calls, Is.EqualTo(1));
            string[] lines = [.. _logs.GetSnapshot().Select(r => r.Message)];
            Assert.That(lines, Has.One.EqualTo("Cog route POST /cogs/Guarded/run refused from 127.0.0.1: wrong dashboard token"));
            Assert.That(lines, Has.None.Contains("guess-guess-guess"));
        });
    }

    [Test]
    public async Task BodiesInFlight_PastTheProcessBudget_Are503AtOnce_AndTheBudgetComesBackWhenHandlersFinish()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int entered = 0;
        await using ICogContextScope scope = Start("Budget", http => http.Map("POST", "hold", async (request, _) =>
        {
            Interlocked.Increment(ref entered);
            await gate.Task;
            return CogHttpResponse.Text(request.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }, new CogHttpRouteOptions { AllowAnonymous = true }));
        byte[] mebibyte = new byte[1024 * 1024];

        Task<HttpResponseMessage> first = _http.PostAsync("/cogs/Budget/hold", new ByteArrayContent(mebibyte));
        Task<HttpResponseMessage> second = _http.PostAsync("/cogs/Budget/hold", new ByteArrayContent(mebibyte));
        (int Status, string[] Headers) third;
        long heldWhileWaiting;
        try
        {
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (Volatile.Read(ref entered) < 2) await Task.Delay(10, guard.Token);
            // Headers only: the answer must come before the body is read. A client still writing a body the server has
            // refused may get a broken pipe instead of the answer (HttpClient does, on a busy machine).
            third = await RawHeadAsync("POST /cogs/Budget/hold HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1048576\r\nConnection: close\r\n\r\n");
            heldWhileWaiting = _budget.Reserved;
        }
        finally
        {
            // Always: held handlers would keep the fixture's budget for every later test.
            gate.TrySetResult();
        }

        using HttpResponseMessage firstDone = await first;
        using HttpResponseMessage secondDone = await second;
        using HttpResponseMessage afterwards = await _http.PostAsync("/cogs/Budget/hold", new ByteArrayContent(mebibyte));

        Assert.Multiple(() =>
        {
            Assert.That(third.Status, Is.EqualTo(503));
            Assert.That(third.Headers, Does.Contain("Retry-After: 1"));
            Assert.That(heldWhileWaiting, Is.EqualTo(2 * 1024 * 1024));
            Assert.That((firstDone.StatusCode, secondDone.StatusCode, afterwards.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK)));
            Assert.That(_budget.Reserved, Is.Zero, "every reservation given back");
        });
    }

    [Test]
    public async Task GetWithoutABody_ReservesNothing()
    {
        long seen = -1;
        await using ICogContextScope scope = Start("Budgetless", http => http.Map("GET", "status", (_, _) =>
        {
            seen = _budget.Reserved;
            return ValueTask.FromResult(CogHttpResponse.Text("ok"));
        }, new CogHttpRouteOptions { AllowAnonymous = true }));

        using HttpResponseMessage response = await _http.GetAsync("/cogs/Budgetless/status");

        Assert.That((response.StatusCode, seen), Is.EqualTo((HttpStatusCode.OK, 0L)), "a GET has no body: it never counts against the budget");
    }

    [Test]
    public async Task AnonymousRoute_IsServedWithoutTheToken()
    {
        await using ICogContextScope scope = Start("Hooks", http => http.Map("POST", "github", (request, _) =>
            ValueTask.FromResult(CogHttpResponse.Text($"{request.BodyText()}|{request.IsAuthenticated}", 202)), new CogHttpRouteOptions { AllowAnonymous = true }));

        using HttpResponseMessage response = await _http.PostAsync("/cogs/Hooks/github", new StringContent("{\"ref\":\"main\"}"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("{\"ref\":\"main\"}|False"));
    }

    [Test]
    public async Task Body_OverTheListenersLimitWithinTheRoutes_IsServed_OverTheRoutes_Is413()
    {
        int calls = 0;
        await using ICogContextScope scope = Start("Upload", http =>
        {
            http.Map("POST", "big", (request, _) =>
            {
                Interlocked.Increment(ref calls);
                return ValueTask.FromResult(CogHttpResponse.Text(request.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }, new CogHttpRouteOptions { AllowAnonymous = true });
            http.Map("POST", "small", (_, _) =>
            {
                Interlocked.Increment(ref calls);
                return ValueTask.FromResult(CogHttpResponse.Status(200));
            }, new CogHttpRouteOptions { AllowAnonymous = true, MaxRequestBodyBytes = 1000 });
        });
        byte[] withinRoute = new byte[CogHttpRouteOptions.MaxRequestBodyLimit];
        byte[] overRoute = new byte[CogHttpRouteOptions.MaxRequestBodyLimit + 1];

        using HttpResponseMessage within = await _http.PostAsync("/cogs/Upload/big", new ByteArrayContent(withinRoute));
        // A body announced too large is refused before it is read: a client that waits for 100-continue (curl does for
        // large bodies) gets the 413 without sending it.
        using var overMessage = new HttpRequestMessage(HttpMethod.Post, "/cogs/Upload/big") { Content = new ByteArrayContent(overRoute) };
        overMessage.Headers.ExpectContinue = true;
        using HttpResponseMessage over = await _http.SendAsync(overMessage);
        using HttpResponseMessage overSmall = await _http.PostAsync("/cogs/Upload/small", new ByteArrayContent(new byte[1001]));
        // Without Content-Length (chunked) the limit holds while reading.
        using HttpResponseMessage chunked = await _http.PostAsync("/cogs/Upload/small", new StreamContent(new MemoryStream(new byte[5000])) { Headers = { ContentLength = null } });

        Assert.Multiple(async () =>
        {
            Assert.That(within.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await within.Content.ReadAsStringAsync(), Is.EqualTo(withinRoute.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(over.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
            Assert.That(overSmall.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
            Assert.That(chunked.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
            Assert.That(calls, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Handler_Throws_Is500WithoutTheExceptionText()
    {
        await using ICogContextScope scope = Start("Broken", http => http.Map("GET", "boom", (_, _) =>
            throw new InvalidOperationException("connection string Password=hunter2"), new CogHttpRouteOptions { AllowAnonymous = true }));

        using HttpResponseMessage response = await _http.GetAsync("/cogs/Broken/boom");
        string body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(body, Is.EqualTo("Internal error."));
        Assert.That(scope.HandlerErrorCount, Is.EqualTo(1));
    }

    [Test]
    public async Task WithTheToken_NoRoute_Is404_OtherMethod_Is405WithAllow_AndTheDashboardKeepsItsOwnPaths()
    {
        await using ICogContextScope scope = Start("Shape", http => http.Map("GET", "status", (_, _) => ValueTask.FromResult(CogHttpResponse.Status(200)), new CogHttpRouteOptions { AllowAnonymous = true }));

        using HttpResponseMessage unknownPath = await SendAsync(HttpMethod.Get, "/cogs/Shape/nothing", Token);
        using HttpResponseMessage unknownCog = await SendAsync(HttpMethod.Get, "/cogs/Nobody/status", Token);
        using HttpResponseMessage bare = await SendAsync(HttpMethod.Get, "/cogs/Shape/", Token);
        using HttpResponseMessage wrongMethod = await SendAsync(HttpMethod.Delete, "/cogs/Shape/status", Token);
        using HttpResponseMessage dashboard = await _http.PostAsync("/cogs/reload", new StringContent(""));

        Assert.Multiple(async () =>
        {
            Assert.That(unknownPath.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(unknownCog.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(bare.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(wrongMethod.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
            Assert.That(wrongMethod.Content.Headers.Allow, Is.EqualTo(new[] { "GET" }));
            Assert.That(await dashboard.Content.ReadAsStringAsync(), Is.EqualTo("dashboard"));
        });
    }

    [Test]
    public async Task WithoutAValidToken_AProtectedRoute_AMissingOne_AndAWrongMethod_GetTheSameAnswer()
    {
        await using ICogContextScope scope = Start("Probe", http =>
        {
            http.Map("GET", "secret", (_, _) => ValueTask.FromResult(CogHttpResponse.Text("secret")));
            http.Map("POST", "hook", (_, _) => ValueTask.FromResult(CogHttpResponse.Text("hook")), new CogHttpRouteOptions { AllowAnonymous = true });
        });
        (HttpMethod Method, string Path)[] probes =
        [
            (HttpMethod.Get, "/cogs/Probe/secret"), // a protected route
            (HttpMethod.Get, "/cogs/Probe/missing"), // no route
            (HttpMethod.Get, "/cogs/Nobody/secret"), // no such cog
            (HttpMethod.Delete, "/cogs/Probe/secret"), // a protected route's path, another method
            (HttpMethod.Get, "/cogs/Probe/hook"), // an anonymous route's path, another method
        ];

        var withoutToken = new List<string>();
        foreach ((HttpMethod method, string path) in probes)
        {
            using HttpResponseMessage response = await SendAsync(method, path, token: null);
            withoutToken.Add(await DescribeAsync(response));
        }

        // A wrong token waits a second whether or not the route exists (all sent at once: the test waits one second).
        var clock = System.Diagnostics.Stopwatch.StartNew();
        HttpResponseMessage[] wrong = await Task.WhenAll(probes.Select(p => SendAsync(p.Method, p.Path, "guess-guess-guess")));
        TimeSpan wrongTook = clock.Elapsed;
        string[] withWrongToken = await Task.WhenAll(wrong.Select(DescribeAsync));
        foreach (HttpResponseMessage response in wrong) response.Dispose();
        using HttpResponseMessage anonymous = await SendAsync(HttpMethod.Post, "/cogs/Probe/hook", token: null);

        Assert.Multiple(async () =>
        {
            Assert.That(withoutToken.Distinct(), Is.EqualTo(new[] { "401 WWW-Authenticate=Bearer Content-Type=text/plain; charset=utf-8 This route needs the dashboard token: Authorization: Bearer <token>." }));
            Assert.That(withWrongToken.Distinct(), Is.EqualTo(withoutToken.Distinct()));
            Assert.That(wrongTook, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9)), "a guess at a missing route waits like one at a protected route");
            Assert.That((anonymous.StatusCode, await anonymous.Content.ReadAsStringAsync()), Is.EqualTo((HttpStatusCode.OK, "hook")));
            string[] lines = [.. _logs.GetSnapshot().Select(r => r.Message)];
            Assert.That(lines, Has.One.EqualTo("Cog route GET /cogs/Probe/secret refused from 127.0.0.1: wrong dashboard token"));
            Assert.That(lines, Has.None.Contains("guess-guess-guess"));
            string[] warnings = [.. _logs.GetSnapshot().Where(r => r.Level >= LogLevel.Warning).Select(r => r.Message)];
            Assert.That(warnings, Has.None.Contains("Nobody").And.None.Contains("missing"), "the warnings never show a path the caller made up");
        });
    }

    [Test]
    public async Task AnonymousRoute_PastItsRatePerMinute_Is429WithRetryAfter_BeforeTheHandlerRuns_ButNotForTheTokensHolder()
    {
        int calls = 0;
        await using ICogContextScope scope = Start("Limited", http =>
        {
            http.Map("POST", "hook", (_, _) =>
            {
                Interlocked.Increment(ref calls);
                return ValueTask.FromResult(CogHttpResponse.Status(204));
            }, new CogHttpRouteOptions { AllowAnonymous = true, AnonymousRequestsPerMinute = 2 });
            http.Map("POST", "other", (_, _) => ValueTask.FromResult(CogHttpResponse.Status(204)), new CogHttpRouteOptions { AllowAnonymous = true, AnonymousRequestsPerMinute = 2 });
        });

        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 3; i++)
        {
            using HttpResponseMessage response = await _http.PostAsync("/cogs/Limited/hook", new StringContent("x"));
            statuses.Add(response.StatusCode);
        }

        using HttpResponseMessage refused = await _http.PostAsync("/cogs/Limited/hook", new StringContent(new string('x', 1000)));
        using HttpResponseMessage otherRoute = await _http.PostAsync("/cogs/Limited/other", new StringContent("x"));
        using var withToken = new HttpRequestMessage(HttpMethod.Post, "/cogs/Limited/hook") { Content = new StringContent("x") };
        withToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using HttpResponseMessage operatorCall = await _http.SendAsync(withToken);

        Assert.Multiple(async () =>
        {
            Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.TooManyRequests }));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(refused.Headers.RetryAfter?.Delta?.TotalSeconds, Is.InRange(29, 30), "two a minute: the next in half a minute");
            Assert.That(await refused.Content.ReadAsStringAsync(), Does.StartWith("Too many requests to this route from your address; try again in "));
            Assert.That(otherRoute.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "each route has its own allowance");
            Assert.That(operatorCall.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "the dashboard token's holder is not limited");
            Assert.That(calls, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Reload_ThenUnload_TheNewInstanceAnswers_ThenTheRouteIs404()
    {
        ICogContextScope old = Start("Swap", http => http.Map("GET", "version", (_, _) => ValueTask.FromResult(CogHttpResponse.Text("1")), new CogHttpRouteOptions { AllowAnonymous = true }));
        string first = await _http.GetStringAsync("/cogs/Swap/version");
        ICogContextScope next = Start("Swap", http => http.Map("GET", "version", (_, _) => ValueTask.FromResult(CogHttpResponse.Text("2")), new CogHttpRouteOptions { AllowAnonymous = true }));
        await old.DisposeAsync();
        string second = await _http.GetStringAsync("/cogs/Swap/version");

        await next.DisposeAsync();
        using HttpResponseMessage gone = await SendAsync(HttpMethod.Get, "/cogs/Swap/version", Token);

        Assert.That((first, second, gone.StatusCode), Is.EqualTo(("1", "2", HttpStatusCode.NotFound)));
    }

    [Test]
    public async Task DotSegments_KestrelResolvesAway_NeverReachACog_AsValuesOrAsAnotherCogsPath()
    {
        var names = new List<string>();
        await using ICogContextScope files = Start("Files", http => http.Map("GET", "read/{name}", (request, _) =>
        {
            lock (names) names.Add(request.RouteValues["name"]);
            return ValueTask.FromResult(CogHttpResponse.Text("file"));
        }, new CogHttpRouteOptions { AllowAnonymous = true }));
        await using ICogContextScope wide = Start("Wide", http => http.Map("GET", "{a}/{b}/{c}/{d}/{e}/{f}", (_, _) =>
            ValueTask.FromResult(CogHttpResponse.Text("wide")), new CogHttpRouteOptions { AllowAnonymous = true }));

        // Sent as written (HttpClient would resolve the dots itself, as browsers and proxies do).
        string[] paths =
        [
            "/cogs/Files/read/..", "/cogs/Files/read/.", "/cogs/Files/read/%2e%2e", "/cogs/Files/read/%2E.",
            "/cogs/Files/read/..%2F..%2Fetc%2Fpasswd", "/cogs/Files/read/a%2F.%2Fb", "/cogs/Files/read/..%5Cx",
            // A proxy resolves this to /cogs/Files/read/x (say, its one public path); it must not reach Wide.
            "/cogs/Wide/q/../../Files/read/x",
            "/cogs/%2e%2e/Files/read/x",
        ];
        var statuses = new List<string>();
        foreach (string path in paths)
        {
            statuses.Add(path + " " + await RawGetStatusAsync(path));
        }

        string plain = await _http.GetStringAsync("/cogs/Files/read/notes..txt");
        string slashed = await _http.GetStringAsync("/cogs/Files/read/a%2Fb");

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.EqualTo(paths.Select(p => p + " 404")));
            Assert.That((plain, slashed), Is.EqualTo(("file", "file")));
            Assert.That(names, Is.EqualTo(new[] { "notes..txt", "a/b" }), "no value with a dot segment reached the handler");
        });
    }

    [Test]
    public async Task MalformedChunkedBody_IsTheCallersError_400_NotAnApplicationErrorInTheLog()
    {
        int calls = 0;
        await using ICogContextScope scope = Start("Chunks", http => http.Map("POST", "in", (_, _) =>
        {
            Interlocked.Increment(ref calls);
            return ValueTask.FromResult(CogHttpResponse.Status(204));
        }, new CogHttpRouteOptions { AllowAnonymous = true }));

        int status = await RawStatusAsync(
            "POST /cogs/Chunks/in HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");

        Assert.Multiple(() =>
        {
            Assert.That((status, calls), Is.EqualTo((400, 0)));
            // Kestrel logs an exception the endpoint lets through as "An unhandled exception was thrown by the
            // application", an Error with its stack: anyone who reaches an anonymous route could flood the log.
            Assert.That(_logs.GetSnapshot().Where(r => r.Exception is Microsoft.AspNetCore.Http.BadHttpRequestException).Select(r => r.Message), Is.Empty);
        });
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token)
    {
        var message = new HttpRequestMessage(method, path);
        if (token is not null) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return SendAndDisposeAsync(message);
    }

    private async Task<HttpResponseMessage> SendAndDisposeAsync(HttpRequestMessage message)
    {
        using (message)
        {
            return await _http.SendAsync(message);
        }
    }

    // The status, the headers a caller could tell routes apart by, and the body.
    private static async Task<string> DescribeAsync(HttpResponseMessage response)
    {
        IEnumerable<string> headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key is not ("Date" or "Server" or "Transfer-Encoding"))
            .Select(h => h.Key + "=" + string.Join(",", h.Value));
        return $"{(int)response.StatusCode} {string.Join(" ", headers)} {await response.Content.ReadAsStringAsync()}";
    }

    [Test]
    public async Task RequestPath_IsKestrelsDecodedPath_AndTheTestKitsFakeHandsTheCogTheSame()
    {
        static ValueTask<CogHttpResponse> Echo(CogHttpRequest request, CancellationToken _) =>
            ValueTask.FromResult(CogHttpResponse.Text(request.Path + "|" + request.RouteValues["value"]));
        await using ICogContextScope scope = Start("Paths", http => http.Map("GET", "p/{value}", Echo));
        using var kit = new AndyAI.Testing.FakeCogContext { CogName = "Paths" };
        kit.Http.Map("GET", "p/{value}", Echo);

        // Sent as written: HttpClient would normalise some of them first.
        string[] targets =
        [
            "/cogs/Paths/p/United%20Kingdom", "/cogs/paths/p/a%2Fb%20c", "/cogs/Paths/p/a%2fb", "/cogs/Paths/p/caf%C3%A9",
            "/cogs/Paths/p/100%25", "/cogs/Paths/p/100%252F", "/cogs/Paths/p/a+b", "/cogs/Paths/p/%41%7e", "/cogs/Paths/p/%E2%82",
            "/cogs/Paths/p/x%2F..%2Fy",
        ];
        var fromHost = new List<string>();
        var fromKit = new List<string>();
        foreach (string target in targets)
        {
            (int status, string body) = await RawGetAsync(target);
            fromHost.Add($"{target} {status} {body}");
            CogHttpResponse faked = await kit.FakeHttp.InvokeAsync("GET", target);
            fromKit.Add($"{target} {faked.StatusCode} {Encoding.UTF8.GetString(faked.Body.Span)}");
        }

        Assert.That(fromKit, Is.EqualTo(fromHost));
        Assert.That(fromHost, Does.Contain("/cogs/Paths/p/United%20Kingdom 200 /cogs/Paths/p/United Kingdom|United Kingdom"), "the path is decoded");
        Assert.That(fromHost, Does.Contain("/cogs/paths/p/a%2Fb%20c 200 /cogs/paths/p/a%2Fb c|a/b c"), "but for %2F, and as the caller wrote the cog's name");
    }

    private async Task<(int Status, string Body)> RawGetAsync(string target)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(_http.BaseAddress!.Host, _http.BaseAddress.Port);
        await using System.Net.Sockets.NetworkStream stream = client.GetStream();
        // HTTP/1.0: the body as written, never chunked.
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {Token}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string response = await reader.ReadToEndAsync();
        int body = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (int.Parse(response.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), body < 0 ? "" : response[(body + 4)..]);
    }

    private Task<int> RawGetStatusAsync(string target) =>
        RawStatusAsync($"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

    // The status and header lines of the answer to a raw request, without reading its body.
    private async Task<(int Status, string[] Headers)> RawHeadAsync(string request)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(_http.BaseAddress!.Host, _http.BaseAddress.Port);
        await using System.Net.Sockets.NetworkStream stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        string statusLine = await reader.ReadLineAsync() ?? "";
        var headers = new List<string>();
        while (await reader.ReadLineAsync() is { Length: > 0 } line) headers.Add(line);
        return (int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), [.. headers]);
    }

    private async Task<int> RawStatusAsync(string request)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(_http.BaseAddress!.Host, _http.BaseAddress.Port);
        await using System.Net.Sockets.NetworkStream stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        string statusLine = await reader.ReadLineAsync() ?? "";
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private ICogContextScope Start(string cog, Action<IHttpRouteRegistry> map)
    {
        ICogContextScope scope = _factory.Create(new CogContextRequest(cog, default, Path.Combine(_dataRoot, cog), CancellationToken.None));
        map(scope.Context.Http);
        scope.Activate();
        return scope;
    }
}
