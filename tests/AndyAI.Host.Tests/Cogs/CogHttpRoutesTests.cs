using System.Text;
using AndyAI.Abstractions.Http;
using AndyAI.Host.Admin;
using AndyAI.Host.Cogs;
using AndyAI.Host.Cogs.Http;
using AndyAI.Host.Cogs.Supervision;
using AndyAI.Host.Statistics;
using AndyAI.Host.Tests.Fakes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Host.Tests.Cogs;

/// <summary>
/// A cog's HTTP routes through its real context: the host's checks at Map, matching, staging and the switch at a
/// reload, removal at unload, and what the route makes of a handler that throws, hangs or answers what cannot be sent.
/// </summary>
public sealed class CogHttpRoutesTests
{
    private FakeTimeProvider _time = null!;
    private FakeLogCollector _logs = null!;
    private BotStatistics _statistics = null!;
    private CogHttpRouteTable _table = null!;
    private CogContextFactory _factory = null!;
    private string _dataRoot = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider();
        _logs = new FakeLogCollector();
        _statistics = new BotStatistics(_time);
        _table = new CogHttpRouteTable { IsServed = true };
        ILoggerFactory loggers = LoggerFactory.Create(builder => builder.AddProvider(new FakeLoggerProvider(_logs)));
        _factory = new CogContextFactory(new FakeDiscordBot(), new FakeCommandCatalog(), new FakeCogServicesFactory(), _statistics, loggers, _time, httpRoutes: _table,
            errorTable: new CogErrorTable(_statistics.Meters));
        _dataRoot = Path.Combine(Path.GetTempPath(), "andyai-host-tests", Guid.NewGuid().ToString("N"));
    }

    [TearDown]
    public void TearDown()
    {
        _statistics.Dispose();
        if (Directory.Exists(_dataRoot)) Directory.Delete(_dataRoot, recursive: true);
    }

    [TestCase("HEAD", "hook", "The HTTP method 'HEAD' is not one of GET, POST, PUT, PATCH, DELETE.")]
    [TestCase("GET", "", "at least one segment")]
    [TestCase("GET", "/", "at least one segment")]
    [TestCase("GET", "a//b", "an empty segment")]
    [TestCase("GET", "a/", "an empty segment")]
    [TestCase("GET", "a b", "has ' ' in the segment 'a b'")]
    [TestCase("GET", "builds/{}", "has the parameter '{}'")]
    [TestCase("GET", "builds/x{id}", "has '{' in the segment")]
    [TestCase("GET", "{id}/{ID}", "names the parameter '{ID}' twice")]
    [TestCase("GET", "a/../b", "which clients resolve away")]
    public void Map_InvalidMethodOrTemplate_ThrowsWithTheReason(string method, string template, string reason)
    {
        ICogContextScope scope = CreateScope("Hooks");

        var ex = Assert.Throws<ArgumentException>(() => scope.Context.Http.Map(method, template, Ok("x")));

        Assert.That(ex!.Message, Does.Contain(reason));
    }

    [Test]
    public void Map_SameMethodAndPathShapeTwice_ThrowsNamingBoth_OtherMethodIsFine()
    {
        ICogContextScope scope = CreateScope("Hooks");
        scope.Context.Http.Map("get", "builds/{id}", Ok("x"));
        scope.Context.Http.Map("DELETE", "builds/{id}", Ok("x"));

        var ex = Assert.Throws<ArgumentException>(() => scope.Context.Http.Map("GET", "Builds/{number}", Ok("y")));

        Assert.That(ex!.Message, Does.StartWith("Hooks maps GET Builds/{number}, which matches the same paths as GET builds/{id}."));
    }

    [TestCase(0, 30)]
    [TestCase(CogHttpRouteOptions.MaxRequestBodyLimit + 1, 30)]
    [TestCase(1024, 0)]
    [TestCase(1024, 121)]
    public void Map_OptionsOutOfRange_Throws(int maxBody, int timeoutSeconds)
    {
        ICogContextScope scope = CreateScope("Hooks");
        var options = new CogHttpRouteOptions { MaxRequestBodyBytes = maxBody, Timeout = TimeSpan.FromSeconds(timeoutSeconds) };

        Assert.Throws<ArgumentOutOfRangeException>(() => scope.Context.Http.Map("POST", "hook", Ok("x"), options));
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(CogHttpRouteOptions.MaxAnonymousRequestsPerMinute + 1)]
    public void Map_AnonymousRateOutOfRange_ThrowsNamingTheOption(int perMinute)
    {
        ICogContextScope scope = CreateScope("Hooks");
        var options = new CogHttpRouteOptions { AllowAnonymous = true, AnonymousRequestsPerMinute = perMinute };

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => scope.Context.Http.Map("POST", "hook", Ok("x"), options));

        Assert.That(ex!.Message, Does.Contain("CogHttpRouteOptions.AnonymousRequestsPerMinute must be 1 to 10000"));
    }

    [Test]
    public void Options_Ctor_EnsureDefaultValues()
    {
        var options = new CogHttpRouteOptions();

        Assert.That((options.AllowAnonymous, options.MaxRequestBodyBytes, options.Timeout, options.AnonymousRequestsPerMinute),
            Is.EqualTo((false, CogHttpRouteOptions.MaxRequestBodyLimit, TimeSpan.FromSeconds(30), 60)));
    }

    [Test]
    public void Http_PrefixAndServed_AreTheCogsAndTheListeners()
    {
        ICogContextScope scope = CreateScope("Hooks");

        Assert.That(scope.Context.Http.PathPrefix, Is.EqualTo("/cogs/Hooks/"));
        Assert.That(scope.Context.Http.IsServed, Is.True);
        _table.IsServed = false;
        Assert.That(scope.Context.Http.IsServed, Is.False);
    }

    [Test]
    public void Match_LiteralBeatsParameter_ValuesAreTheSegments_OtherMethodIs405_OtherCogIs404()
    {
        ICogContextScope hooks = CreateScope("Hooks");
        hooks.Context.Http.Map("GET", "builds/{id}", Ok("by id"));
        hooks.Context.Http.Map("GET", "builds/latest", Ok("latest"));
        hooks.Context.Http.Map("POST", "builds/{id}", Ok("posted"));
        hooks.Activate();

        CogHttpMatch latest = _table.Match("hooks", "GET", ["BUILDS", "latest"]);
        CogHttpMatch byId = _table.Match("Hooks", "GET", ["builds", "a b/c"]);
        CogHttpMatch put = _table.Match("Hooks", "PUT", ["builds", "7"]);
        CogHttpMatch other = _table.Match("Other", "GET", ["builds", "7"]);
        CogHttpMatch longer = _table.Match("Hooks", "GET", ["builds", "7", "x"]);

        Assert.Multiple(() =>
        {
            Assert.That(latest.Route!.Template.Text, Is.EqualTo("builds/latest"));
            Assert.That(byId.Route!.Template.Text, Is.EqualTo("builds/{id}"));
            Assert.That(byId.RouteValues!["ID"], Is.EqualTo("a b/c"));
            Assert.That((put.Route, put.AllowedMethods), Is.EqualTo(((CogHttpRoute?)null, "GET, POST")));
            Assert.That((other.Route, other.AllowedMethods), Is.EqualTo(((CogHttpRoute?)null, (string?)null)));
            Assert.That(longer.Route, Is.Null);
        });
    }

    [Test]
    public void Activate_StagedRoutes_GoLiveOnlyThen()
    {
        ICogContextScope scope = CreateScope("Hooks");
        scope.Context.Http.Map("GET", "status", Ok("up"));

        Assert.That(_table.Match("Hooks", "GET", ["status"]).Route, Is.Null, "staged until the instance goes live");
        scope.Activate();
        Assert.That(_table.Match("Hooks", "GET", ["status"]).Route, Is.Not.Null);
        scope.Context.Http.Map("GET", "later", Ok("later"));
        Assert.That(_table.Match("Hooks", "GET", ["later"]).Route, Is.Not.Null, "a route mapped once live is live at once");
    }

    [Test]
    public async Task Reload_TheNewInstancesRouteReplacesTheOldOne_InOneStep_AndStaysAfterTheOldUnloads()
    {
        ICogContextScope old = CreateScope("Hooks");
        old.Context.Http.Map("GET", "status", Ok("old"));
        old.Activate();
        ICogContextScope next = CreateScope("Hooks");
        next.Context.Http.Map("GET", "status", Ok("new"));

        string beforeSwitch = await AnswerAsync("Hooks", "GET", "status");
        next.Activate();
        string afterSwitch = await AnswerAsync("Hooks", "GET", "status");
        old.Deactivate();
        await old.DisposeAsync();
        string afterOldUnloaded = await AnswerAsync("Hooks", "GET", "status");

        Assert.That((beforeSwitch, afterSwitch, afterOldUnloaded), Is.EqualTo(("old", "new", "new")));
        Assert.That(_table.Routes, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Reload_RequestsDuringManySwitches_AlwaysFindTheRoute()
    {
        ICogContextScope current = CreateScope("Hooks");
        current.Context.Http.Map("GET", "status", Ok("0"));
        current.Activate();
        using var stop = new CancellationTokenSource();
        long lookups = 0, misses = 0;
        Task reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (_table.Match("Hooks", "GET", ["status"]).Route is null) Interlocked.Increment(ref misses);
                Interlocked.Increment(ref lookups);
            }
        });
        await Poll.UntilAsync(() => Interlocked.Read(ref lookups) > 0, "the reader to start");

        for (int i = 1; i <= 300; i++)
        {
            ICogContextScope next = CreateScope("Hooks");
            next.Context.Http.Map("GET", "status", Ok(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            next.Activate();
            current.Deactivate();
            await current.DisposeAsync();
            current = next;
        }

        await stop.CancelAsync();
        await reader;
        Assert.That(Interlocked.Read(ref misses), Is.Zero, $"{misses} of {lookups} lookups found no route during a reload");
        Assert.That(await AnswerAsync("Hooks", "GET", "status"), Is.EqualTo("300"));
    }

    [Test]
    public async Task DisposeAsync_Unload_RemovesEveryRoute_AndAMapAfterwardsIsNeverServed()
    {
        ICogContextScope scope = CreateScope("Hooks");
        scope.Context.Http.Map("GET", "status", Ok("up"));
        scope.Activate();

        await scope.DisposeAsync();
        scope.Context.Http.Map("GET", "late", Ok("late"));

        Assert.That(_table.Routes, Is.Empty);
        Assert.That(_table.Match("Hooks", "GET", ["status"]).Route, Is.Null);
    }

    [Test]
    public async Task Handler_Throws_Is500WithAGenericBody_LoggedWithCogAndRoute_AndCounted()
    {
        ICogContextScope scope = CreateScope("Hooks");
        scope.Context.Http.Map("POST", "hook", (_, _) => throw new InvalidOperationException("secret detail sk-123"));
        scope.Activate();

        CogHttpResponse response = await InvokeAsync("Hooks", "POST", "hook");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(500));
            Assert.That(Encoding.UTF8.GetString(response.Body.Span), Is.EqualTo("Internal error."));
            Assert.That(scope.HandlerErrorCount, Is.EqualTo(1));
            Assert.That(scope.LastHandlerError, Is.EqualTo("InvalidOperationException: secret detail sk-123"));
            Assert.That(_statistics.Snapshot().Counters[Abstractions.BotStatisticNames.CogHandlerErrors], Is.EqualTo(1));
            FakeLogRecord error = _logs.GetSnapshot().Single(r => r.Level == LogLevel.Error);
            Assert.That(error.Message, Is.EqualTo("Cog Hooks: the HTTP route POST /cogs/Hooks/hook threw; the caller got 500"));
            Assert.That(error.Exception, Is.TypeOf<InvalidOperationException>());
        });
    }

    [TestCase("Location", "/cogs/Hooks/elsewhere")]
    [TestCase("Cache-Control", "no-store")]
    [TestCase("X-Content-Type-Options", "nosniff")]
    [TestCase("WWW-Authenticate", "Basic realm=\"hooks\"")]
    public async Task Handler_AnswersAHeaderOfItsOwnResponse_IsSent(string header, string value)
    {
        ICogContextScope scope = CreateScope("Hooks");
        scope.Context.Http.Map("GET", "fine", (_, _) => ValueTask.FromResult(CogHttpResponse.Text("x").WithHeader(header, value)));
        scope.Activate();

        CogHttpResponse response = await InvokeAsync("Hooks", "GET", "fine");

        Assert.That((response.StatusCode, response.Headers[header], scope.HandlerErrorCount), Is.EqualTo((200, value, 0)));
    }

    [Test]
    public async Task Handler_ThrowsOnEveryRequest_TheFirstPerMinuteIsLoggedInFull_TheRestCountedInOneLine_EveryOneCounted()
    {
        ICogContextScope scope = CreateScope("Hooks");
        scope.Context.Http.Map("POST", "hook", (_, _) => throw new InvalidOperationException("bad payload"), new CogHttpRouteOptions { AllowAnonymous = true });
        scope.Activate();

        for (int i = 0; i < 50; i++) await InvokeAsync("Hooks", "POST", "hook");
        FakeLogRecord[] duringTheWindow = [.. _logs.GetSnapshot().Where(r => r.Level == LogLevel.Error)];
        _time.Advance(TimeSpan.FromMinutes(1));
        FakeLogRecord[] afterTheWindow = [.. _logs.GetSnapshot().Where(r => r.Level == LogLevel.Error)];
        await InvokeAsync("Hooks", "POST", "hook");
        FakeLogRecord[] nextWindow = [.. _logs.GetSnapshot().Where(r => r.Level == LogLevel.Error)];

        Assert.Multiple(() =>
        {
            Assert.That(duringTheWindow.Select(r => (r.Message, r.Exception?.GetType())), Is.EqualTo(new[]
            {
                ("Cog Hooks: the HTTP route POST /cogs/Hooks/hook (anonymous) threw; the caller got 500", typeof(InvalidOperationException)),
            }));
            Assert.That(afterTheWindow.Skip(1).Select(r => r.Message), Is.EqualTo(new[]
            {
                "Cog Hooks: the HTTP route POST /cogs/Hooks/hook (anonymous) threw 49 more time(s) in the 1 min after the failure logged above; each caller got 500 (only the first failure of each window is logged in full)",
            }));
            Assert.That(nextWindow.Skip(2).Select(r => r.Exception?.GetType()), Is.EqualTo(new[] { typeof(InvalidOperationException) }), "the next failure after the window is logged in full again");
            Assert.That(scope.HandlerErrorCount, Is.EqualTo(51), "every failure still counts as the cog's");
        });
    }

    [Test]
    public async Task Handler_FailuresCountedButNotYetSummarized_AreWrittenWhenTheRouteIsWithdrawn()
    {
        // At shutdown the cogs unload and no window's timer fires any more: the count would be lost.
        ICogContextScope scope = CreateScope("Hooks");
        scope.Context.Http.Map("POST", "hook", (_, _) => throw new InvalidOperationException("bad payload"), new CogHttpRouteOptions { AllowAnonymous = true });
        scope.Activate();
        for (int i = 0; i < 3; i++) await InvokeAsync("Hooks", "POST", "hook");
        _time.Advance(TimeSpan.FromSeconds(25));

        scope.Deactivate();

        Assert.That(_logs.GetSnapshot().Where(r => r.Level == LogLevel.Error).Skip(1).Select(r => r.Message), Is.EqualTo(new[]
        {
            "Cog Hooks: the HTTP route POST /cogs/Hooks/hook (anonymous) threw 2 more time(s) in the 25 s after the failure logged above; each caller got 500 (only the first failure of each window is logged in full)",
        }));
    }

    [Test]
    public async Task Handler_TimesOutOnEveryRequest_TheFirstIsLoggedInFull_TheRestCountedInOneLine()
    {
        ICogContextScope scope = CreateScope("Hooks");
        scope.Context.Http.Map("GET", "slow", async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return CogHttpResponse.Status(200);
        }, new CogHttpRouteOptions { AllowAnonymous = true, Timeout = TimeSpan.FromSeconds(1) });
        scope.Activate();

        for (int i = 0; i < 3; i++)
        {
            Task<CogHttpResponse> pending = InvokeAsync("Hooks", "GET", "slow");
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.That((await pending).StatusCode, Is.EqualTo(504));
        }

        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.That(_logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning).Select(r => r.Message), Is.EqualTo(new[]
        {
            "Cog Hooks: the HTTP route GET /cogs/Hooks/slow (anonymous) did not answer within 1 s; the caller got 504",
            "Cog Hooks: the HTTP route GET /cogs/Hooks/slow (anonymous) did not answer in time 2 more time(s) in the 1 min after the timeout logged above; each caller got 504 (only the first of each window is logged in full)",
        }));
        Assert.That(scope.HandlerErrorCount, Is.EqualTo(3));
    }

    [Test]
    public async Task Handler_PastItsTimeout_Is504_ItsTokenCancelled_AndCounted()
    {
        ICogContextScope scope = CreateScope("Hooks");
        CancellationToken seen = default;
        var started = new TaskCompletionSource();
        scope.Context.Http.Map("GET", "slow", async (_, ct) =>
        {
            seen = ct;
            started.SetResult();
            await Task.Delay(Timeout.Infinite, CancellationToken.None); // ignores its token: the host answers anyway
            return CogHttpResponse.Status(200);
        }, new CogHttpRouteOptions { Timeout = TimeSpan.FromSeconds(5) });
        scope.Activate();

        Task<CogHttpResponse> pending = InvokeAsync("Hooks", "GET", "slow");
        await started.Task;
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.That(pending.IsCompleted, Is.False);
        _time.Advance(TimeSpan.FromSeconds(1));
        CogHttpResponse response = await pending;

        Assert.That(response.StatusCode, Is.EqualTo(504));
        Assert.That(seen.IsCancellationRequested, Is.True);
        Assert.That(scope.HandlerErrorCount, Is.EqualTo(1));
        Assert.That(_logs.GetSnapshot().Single(r => r.Level == LogLevel.Warning).Message, Does.Contain("GET /cogs/Hooks/slow did not answer within"));
    }

    [TestCase("Set-Cookie", "andyai_session=stolen")]
    [TestCase("Content-Length", "1")]
    [TestCase("Content-Security-Policy", "default-src *")]
    [TestCase("X-Evil", "a\r\nSet-Cookie: x=1")]
    // Headers that act on the whole origin, which cog routes share with the dashboard, or beyond the response.
    [TestCase("set-cookie", "andyai_session=stolen; Path=/")]
    [TestCase("Clear-Site-Data", "\"cookies\", \"storage\"")]
    [TestCase("Access-Control-Allow-Origin", "*")]
    [TestCase("Access-Control-Allow-Credentials", "true")]
    [TestCase("Strict-Transport-Security", "max-age=63072000; includeSubDomains")]
    [TestCase("Service-Worker-Allowed", "/")]
    [TestCase("Content-Security-Policy-Report-Only", "default-src 'none'; report-uri https://evil.example/")]
    [TestCase("Alt-Svc", "h2=\"evil.example:443\"; ma=2592000")]
    [TestCase("NEL", "{\"report_to\":\"x\",\"max_age\":86400}")]
    [TestCase("Report-To", "{\"group\":\"x\",\"max_age\":86400,\"endpoints\":[{\"url\":\"https://evil.example/\"}]}")]
    [TestCase("Origin-Agent-Cluster", "?0")]
    [TestCase("Accept-CH", "Sec-CH-UA-Platform-Version")]
    [TestCase("Set-Login", "logged-out")]
    [TestCase("Timing-Allow-Origin", "*")]
    public async Task Handler_AnswersWhatTheHostRefuses_Is500AndCounted(string header, string value)
    {
        ICogContextScope scope = CreateScope("Hooks");
        scope.Context.Http.Map("GET", "bad", (_, _) => ValueTask.FromResult(CogHttpResponse.Text("x").WithHeader(header, value)));
        scope.Activate();

        CogHttpResponse response = await InvokeAsync("Hooks", "GET", "bad");

        Assert.That(response.StatusCode, Is.EqualTo(500));
        Assert.That(response.Headers, Is.Empty);
        Assert.That(scope.HandlerErrorCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Handler_CancelledBecauseTheCogUnloads_Is503AndNotAnError()
    {
        using var unloading = new CancellationTokenSource();
        ICogContextScope scope = _factory.Create(new CogContextRequest("Hooks", default, Path.Combine(_dataRoot, "Hooks"), unloading.Token));
        var started = new TaskCompletionSource();
        scope.Context.Http.Map("GET", "wait", async (_, ct) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return CogHttpResponse.Status(200);
        });
        scope.Activate();

        Task<CogHttpResponse> pending = InvokeAsync("Hooks", "GET", "wait");
        await started.Task;
        await unloading.CancelAsync();

        Assert.That((await pending).StatusCode, Is.EqualTo(503));
        Assert.That(scope.HandlerErrorCount, Is.Zero);
    }

    [Test]
    public void Activate_ListenerOff_SaysOnceThatRoutesAreNotServed()
    {
        _table.IsServed = false;
        ICogContextScope first = CreateScope("Hooks");
        first.Context.Http.Map("GET", "a", Ok("a"));
        ICogContextScope second = CreateScope("Builds");
        second.Context.Http.Map("GET", "b", Ok("b"));

        first.Activate();
        second.Activate();

        FakeLogRecord[] notices = [.. _logs.GetSnapshot().Where(r => r.Message.Contains("not served", StringComparison.Ordinal))];
        Assert.That(notices, Has.Length.EqualTo(1));
        Assert.That(notices[0].Message, Is.EqualTo("Cog Hooks registered 1 HTTP route(s), but the HTTP listener is off (HTTP_ADDRESS): cog routes are not served. Said once"));
        Assert.That(_table.Routes, Has.Count.EqualTo(2), "registered all the same");
    }

    [Test]
    public void Cogs_ListsTheRunningInstancesRoutes()
    {
        ICogContextScope scope = CreateScope("Hooks");
        scope.Context.Http.Map("POST", "github", Ok("x"), new CogHttpRouteOptions { AllowAnonymous = true });
        scope.Context.Http.Map("get", "builds/{id}", Ok("x"));

        string reply = AdminReplies.FormatCogs([new CogStatus("Hooks", "Hooks", CogState.Running, "1.0.0", null, null, 0, null, HttpRoutes: scope.HttpRoutes)], "run/plugins/");

        Assert.That(reply, Does.EndWith("Hooks 1.0.0: running, 0 handler errors, HTTP: POST /cogs/Hooks/github (anonymous), GET /cogs/Hooks/builds/{id}"));
    }

    private async Task<string> AnswerAsync(string cog, string method, string path) =>
        Encoding.UTF8.GetString((await InvokeAsync(cog, method, path)).Body.Span);

    private Task<CogHttpResponse> InvokeAsync(string cog, string method, string path)
    {
        string[] segments = path.Split('/');
        CogHttpMatch match = _table.Match(cog, method, segments);
        if (match.Route is null) return Task.FromResult(CogHttpResponse.Status(404));
        var request = new CogHttpRequest { Method = method, Path = "/cogs/" + cog + "/" + path, RouteValues = match.RouteValues! };
        return match.Route.InvokeAsync(request, CancellationToken.None);
    }

    private ICogContextScope CreateScope(string name) =>
        _factory.Create(new CogContextRequest(name, default, Path.Combine(_dataRoot, name), CancellationToken.None));

    private static Func<CogHttpRequest, CancellationToken, ValueTask<CogHttpResponse>> Ok(string text) =>
        (_, _) => ValueTask.FromResult(CogHttpResponse.Text(text));
}
