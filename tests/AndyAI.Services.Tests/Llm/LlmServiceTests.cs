using AndyAI.Abstractions.Llm;
using AndyAI.Emulator.OpenAi;
using AndyAI.Services.Llm;
using Microsoft.Extensions.DependencyInjection;

namespace AndyAI.Services.Tests.Llm;

public sealed class LlmServiceTests
{
    private static LlmRequest Ask(string prompt) => new([new ChatTurn(ChatRole.User, prompt)]);

    [Test]
    public async Task CompleteAsync_ProviderAnswers_ReturnsOkWithTextAndUsage()
    {
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync(configure: o => o.Answers["hello"] = "Hi there, friend");
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl);
        ILlmService llm = services.GetRequiredService<ILlmService>();

        LlmResult result = await llm.CompleteAsync(Ask("hello"));

        Assert.That(result.Outcome, Is.EqualTo(LlmOutcome.Ok), result.Detail);
        Assert.That(result.Text, Is.EqualTo("Hi there, friend"));
        Assert.That(result.Attempts, Is.EqualTo(1));
        Assert.That(result.FromCache, Is.False);
        Assert.That(result.Usage, Is.Not.Null);
        Assert.That(result.Usage!.OutputTokens, Is.EqualTo(3));
        OpenAiRecordedRequest sent = fake.Requests.Single();
        Assert.That(sent.ApiKey, Is.EqualTo("sk-test-key"));
        Assert.That(sent.Path, Is.EqualTo("/v1/chat/completions"));
    }

    [Test]
    public async Task Client_BeforeTheFirstCall_IsNotCreated_ThenCreatedOnceAndReused()
    {
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync(configure: o => o.Answers["hello"] = "Hi");
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl);
        ILlmService llm = services.GetRequiredService<ILlmService>();
        Assert.That(services.GetRequiredService<LlmBackend>().TryGetModel(null, out LlmModel model), Is.True);

        bool createdAtStart = model.IsClientCreated;
        await llm.CompleteAsync(Ask("hello"));
        OpenAI.Chat.ChatClient first = model.Client;
        await llm.CompleteAsync(Ask("hello again"));

        Assert.That(createdAtStart, Is.False, "the SDK client is created at the first call, not with the services");
        Assert.That(model.IsClientCreated, Is.True);
        Assert.That(model.Client, Is.SameAs(first));
        Assert.That(fake.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task CompleteAsync_Conversation_SendsSystemPromptAndEveryTurnInOrder()
    {
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync(configure: o => o.Responder = r => $"{r.Messages.Count} messages");
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl, settings: new Dictionary<string, string?> { ["Llm:SystemPrompt"] = "Be brief.", ["Llm:Temperature"] = "0.2" });
        ILlmService llm = services.GetRequiredService<ILlmService>();
        var request = new LlmRequest([new ChatTurn(ChatRole.User, "one"), new ChatTurn(ChatRole.Assistant, "two"), new ChatTurn(ChatRole.User, "three")]) { MaxOutputTokens = 42 };

        LlmResult result = await llm.CompleteAsync(request);

        Assert.That(result.Text, Is.EqualTo("4 messages"));
        OpenAiFakeRequest chat = fake.Requests.Single().Chat!;
        Assert.That(chat.Messages.Select(m => m.Role), Is.EqualTo(new[] { "system", "user", "assistant", "user" }));
        Assert.That(chat.Messages.Select(m => m.Content), Is.EqualTo(new[] { "Be brief.", "one", "two", "three" }));
        Assert.That(chat.Temperature, Is.EqualTo(0.2f).Within(0.001));
        Assert.That(chat.MaxOutputTokens, Is.EqualTo(42));
    }

    [Test]
    public async Task CompleteAsync_NamedModel_UsesThatModelsSettings()
    {
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync();
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl, settings: new Dictionary<string, string?> { ["Llm:Models:smart:Model"] = "gpt-4.1", ["Llm:Models:smart:SystemPrompt"] = "Think." });
        ILlmService llm = services.GetRequiredService<ILlmService>();

        LlmResult named = await llm.CompleteAsync(Ask("x") with { Model = "smart" });
        LlmResult unknown = await llm.CompleteAsync(Ask("x") with { Model = "nope" });

        Assert.That(named.IsOk, Is.True, named.Detail);
        Assert.That(fake.Requests.Single().Chat!.Model, Is.EqualTo("gpt-4.1"));
        Assert.That(fake.Requests.Single().Chat!.Messages[0].Content, Is.EqualTo("Think."));
        Assert.That(unknown.Outcome, Is.EqualTo(LlmOutcome.BadRequest));
        Assert.That(unknown.Detail, Does.Contain("nope").And.Contain("smart"));
    }

    [TestCase(401)]
    [TestCase(403)]
    public async Task CompleteAsync_AuthFailure_FailsFastWithoutRetry(int status)
    {
        var time = new SteppedTime();
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync(time);
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl, time);
        fake.FailNext(status == 401 ? OpenAiFault.Unauthorized : OpenAiFault.Forbidden, 5);
        var waits = new List<TimeSpan>();

        LlmResult result = await time.DriveAsync(services.GetRequiredService<ILlmService>().CompleteAsync(Ask("hi")), waits);

        Assert.That(result.Outcome, Is.EqualTo(LlmOutcome.Unauthorized), result.Detail);
        Assert.That(result.Attempts, Is.EqualTo(1));
        Assert.That(fake.ChatRequestCount, Is.EqualTo(1));
        Assert.That(waits, Is.Empty);
        Assert.That(result.Detail, Does.Not.Contain("sk-test-key"));
    }

    [TestCase(500)]
    [TestCase(503)]
    public async Task CompleteAsync_ServerErrorThenSuccess_RetriesWithExponentialBackoff(int status)
    {
        var time = new SteppedTime();
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync(time, o => o.Answers["hi"] = "recovered");
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl, time);
        fake.FailNext(OpenAiFault.HttpStatus(status), 2);
        var waits = new List<TimeSpan>();

        LlmResult result = await time.DriveAsync(services.GetRequiredService<ILlmService>().CompleteAsync(Ask("hi")), waits);

        Assert.That(result.Outcome, Is.EqualTo(LlmOutcome.Ok), result.Detail);
        Assert.That(result.Text, Is.EqualTo("recovered"));
        Assert.That(result.Attempts, Is.EqualTo(3));
        TimeSpan[] spacing = Spacing(fake);
        Assert.That(spacing, Has.Length.EqualTo(2));
        // base 1 s doubling, ±20 % jitter; measured at the fake on the fake clock
        Assert.That(spacing[0], Is.InRange(TimeSpan.FromSeconds(0.8), TimeSpan.FromSeconds(1.2)));
        Assert.That(spacing[1], Is.InRange(TimeSpan.FromSeconds(1.6), TimeSpan.FromSeconds(2.4)));
        Assert.That(spacing, Is.EqualTo(waits));
    }

    [Test]
    public async Task CompleteAsync_ServerErrorEveryTime_GivesUpAfterThreeAttemptsAsUnavailable()
    {
        var time = new SteppedTime();
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync(time);
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl, time);
        fake.FailNext(OpenAiFault.InternalServerError, 10);

        LlmResult result = await time.DriveAsync(services.GetRequiredService<ILlmService>().CompleteAsync(Ask("hi")));

        Assert.That(result.Outcome, Is.EqualTo(LlmOutcome.Unavailable), result.Detail);
        Assert.That(result.Attempts, Is.EqualTo(3));
        Assert.That(fake.ChatRequestCount, Is.EqualTo(3));
        Assert.That(result.Detail, Does.Contain("500"));
    }

    [Test]
    public async Task CompleteAsync_RateLimitedWithoutRetryAfter_WaitsLongerThanForServerErrors()
    {
        var time = new SteppedTime();
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync(time);
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl, time);
        fake.FailNext(OpenAiFault.TooManyRequests(), 10);

        LlmResult result = await time.DriveAsync(services.GetRequiredService<ILlmService>().CompleteAsync(Ask("hi")));

        Assert.That(result.Outcome, Is.EqualTo(LlmOutcome.RateLimited), result.Detail);
        Assert.That(result.Attempts, Is.EqualTo(3));
        Assert.That(result.RetryAfter, Is.Null);
        TimeSpan[] spacing = Spacing(fake);
        Assert.That(spacing[0], Is.InRange(TimeSpan.FromSeconds(3.2), TimeSpan.FromSeconds(4.8)));
        Assert.That(spacing[1], Is.InRange(TimeSpan.FromSeconds(6.4), TimeSpan.FromSeconds(9.6)));
    }

    [Test]
    public async Task CompleteAsync_RateLimitedWithRetryAfter_HonoursItButCapsIt()
    {
        var time = new SteppedTime();
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync(time);
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl, time, new Dictionary<string, string?> { ["Llm:MaxRetryDelay"] = "00:00:20" });
        fake.FailNext(OpenAiFault.TooManyRequests(TimeSpan.FromSeconds(12)));
        fake.FailNext(OpenAiFault.TooManyRequests(TimeSpan.FromSeconds(90)));
        fake.FailNext(OpenAiFault.TooManyRequests(TimeSpan.FromSeconds(7)));

        LlmResult result = await time.DriveAsync(services.GetRequiredService<ILlmService>().CompleteAsync(Ask("hi")));

        Assert.That(result.Outcome, Is.EqualTo(LlmOutcome.RateLimited));
        Assert.That(result.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(7)));
        TimeSpan[] spacing = Spacing(fake);
        Assert.That(spacing[0], Is.EqualTo(TimeSpan.FromSeconds(12)), "Retry-After (12 s) is longer than the backoff: honoured");
        Assert.That(spacing[1], Is.EqualTo(TimeSpan.FromSeconds(20)), "Retry-After (90 s) is capped at Llm:MaxRetryDelay");
    }

    [Test]
    public async Task CompleteAsync_ProviderHangsPastTimeout_RetriesThenReportsTimeout()
    {
        var time = new SteppedTime();
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync(time);
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl, time, new Dictionary<string, string?> { ["Llm:Timeout"] = "00:00:00.300", ["Llm:MaxRetries"] = "1" });
        fake.FailNext(OpenAiFault.Hang, 5);

        LlmResult result = await time.DriveAsync(services.GetRequiredService<ILlmService>().CompleteAsync(Ask("hi")));

        Assert.That(result.Outcome, Is.EqualTo(LlmOutcome.Timeout), result.Detail);
        Assert.That(result.Attempts, Is.EqualTo(2));
        Assert.That(fake.ChatRequestCount, Is.EqualTo(2));
    }

    [Test]
    public async Task CompleteAsync_ConnectionRefused_ReportsUnavailableAfterRetries()
    {
        var time = new SteppedTime();
        Uri deadUrl;
        await using (OpenAiFakeServer fake = await TestServices.StartFakeAsync(time))
        {
            deadUrl = fake.BaseUrl;
        }

        await using ServiceProvider services = TestServices.Create(deadUrl, time);

        LlmResult result = await time.DriveAsync(services.GetRequiredService<ILlmService>().CompleteAsync(Ask("hi")));

        Assert.That(result.Outcome, Is.EqualTo(LlmOutcome.Unavailable), result.Detail);
        Assert.That(result.Attempts, Is.EqualTo(3));
    }

    [Test]
    public async Task CompleteAsync_CallerCancels_ReturnsCancelled()
    {
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync();
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl);
        fake.FailNext(OpenAiFault.Hang);
        using var cts = new CancellationTokenSource();

        Task<LlmResult> call = services.GetRequiredService<ILlmService>().CompleteAsync(Ask("hi"), cts.Token);
        await fake.WaitForChatRequestsAsync(1).WaitAsync(TimeSpan.FromSeconds(20));
        await cts.CancelAsync();
        LlmResult result = await call.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.That(result.Outcome, Is.EqualTo(LlmOutcome.Cancelled), result.Detail);
    }

    [Test]
    public async Task CompleteAsync_ProviderRejectsRequest_ReportsBadRequestWithoutRetry()
    {
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync();
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl);
        fake.FailNext(OpenAiFault.HttpStatus(404), 3);

        LlmResult result = await services.GetRequiredService<ILlmService>().CompleteAsync(Ask("hi"));

        Assert.That(result.Outcome, Is.EqualTo(LlmOutcome.BadRequest));
        Assert.That(fake.ChatRequestCount, Is.EqualTo(1));
    }

    [Test]
    public async Task CompleteAsync_LlmDisabled_SaysWhatIsMissing()
    {
        await using ServiceProvider services = TestServices.Create(null, settings: new Dictionary<string, string?> { ["Llm:Enabled"] = "false", ["Llm:ApiKey"] = null });
        ILlmService llm = services.GetRequiredService<ILlmService>();

        LlmResult result = await llm.CompleteAsync(Ask("hi"));

        Assert.That(llm.IsConfigured, Is.False);
        Assert.That(result.Outcome, Is.EqualTo(LlmOutcome.Unauthorized));
        Assert.That(result.Detail, Does.Contain("Llm:ApiKey"));
    }

    [Test]
    public async Task StreamAsync_ProviderStreams_YieldsDeltasThenOkResultWithUsage()
    {
        const string answer = "A streamed answer in several small chunks.";
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync(configure: o => { o.Answers["s"] = answer; o.StreamChunkCharacters = 5; });
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl);

        List<LlmStreamUpdate> updates = await Collect(services.GetRequiredService<ILlmService>().StreamAsync(Ask("s")));

        Assert.That(updates.Count, Is.GreaterThan(3));
        Assert.That(string.Concat(updates.Select(u => u.Delta)), Is.EqualTo(answer));
        Assert.That(updates.Take(updates.Count - 1).All(u => u.Result is null), Is.True);
        LlmResult final = updates[^1].Result!;
        Assert.That(final.Outcome, Is.EqualTo(LlmOutcome.Ok), final.Detail);
        Assert.That(final.Text, Is.EqualTo(answer));
        Assert.That(final.Usage, Is.Not.Null);
        Assert.That(fake.Requests.Single().Chat!.Stream, Is.True);
    }

    [Test]
    public async Task StreamAsync_StreamCutInTheMiddle_EndsWithUnavailable()
    {
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync(configure: o => { o.Answers["s"] = "This answer will never be finished by the server."; o.StreamChunkCharacters = 4; });
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl);
        fake.FailNext(OpenAiFault.CutStream);

        List<LlmStreamUpdate> updates = await Collect(services.GetRequiredService<ILlmService>().StreamAsync(Ask("s")));

        LlmResult final = updates[^1].Result!;
        Assert.That(final.Outcome, Is.EqualTo(LlmOutcome.Unavailable), final.Detail);
        Assert.That(final.Text, Is.Empty);
        Assert.That(updates.Count, Is.GreaterThan(1), "some deltas arrived before the cut");
        Assert.That(fake.ChatRequestCount, Is.EqualTo(1), "a stream that already started is not retried");
    }

    [Test]
    public async Task StreamAsync_AuthFailure_EndsWithUnauthorizedAndNoDeltas()
    {
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync();
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl);
        fake.FailNext(OpenAiFault.Unauthorized, 3);

        List<LlmStreamUpdate> updates = await Collect(services.GetRequiredService<ILlmService>().StreamAsync(Ask("s")));

        Assert.That(updates, Has.Count.EqualTo(1));
        Assert.That(updates[0].Result!.Outcome, Is.EqualTo(LlmOutcome.Unauthorized));
        Assert.That(fake.ChatRequestCount, Is.EqualTo(1));
    }

    [Test]
    public async Task CompleteAsync_HundredConcurrentIdenticalPrompts_MakeOneProviderCall()
    {
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync(configure: o => { o.Latency = TimeSpan.FromMilliseconds(300); o.Answers["same"] = "shared"; });
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl, settings: new Dictionary<string, string?> { ["RateLimits:MaxConcurrentLlmCalls"] = "2" });
        ILlmService llm = services.GetRequiredService<ILlmService>();
        LlmRequest request = Ask("same") with { CacheTimeToLive = TimeSpan.FromMinutes(5) };

        LlmResult[] results = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => llm.CompleteAsync(request)))).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(fake.ChatRequestCount, Is.EqualTo(1));
        Assert.That(results.All(r => r.IsOk && r.Text == "shared"), Is.True);
        Assert.That(results.Count(r => !r.FromCache), Is.EqualTo(1));
        ResponseCacheStatistics stats = services.GetRequiredService<IServicesStatistics>().Snapshot().Cache;
        Assert.That(stats.Misses, Is.EqualTo(1));
        Assert.That(stats.Hits, Is.EqualTo(99));
    }

    [Test]
    public async Task StreamAsync_ConcurrentIdenticalPrompts_MakeOneProviderCallAndEachGetsTheWholeAnswer()
    {
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync(configure: o => { o.Latency = TimeSpan.FromMilliseconds(300); o.Answers["same"] = "one shared streamed answer"; });
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl);
        ILlmService llm = services.GetRequiredService<ILlmService>();
        LlmRequest request = Ask("same") with { CacheTimeToLive = TimeSpan.FromMinutes(5) };

        List<LlmStreamUpdate>[] streams = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => Collect(llm.StreamAsync(request)))));

        Assert.That(fake.ChatRequestCount, Is.EqualTo(1));
        foreach (List<LlmStreamUpdate> updates in streams)
        {
            Assert.That(updates[^1].Result!.IsOk, Is.True, updates[^1].Result!.Detail);
            Assert.That(string.Concat(updates.Select(u => u.Delta)), Is.EqualTo("one shared streamed answer"));
        }

        Assert.That(streams.Count(s => !s[^1].Result!.FromCache), Is.EqualTo(1));
    }

    [Test]
    public async Task TryGetCachedAsync_MissThenAnsweredThenHit_NeverCallsTheProviderItself()
    {
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync(configure: o => o.Answers["q"] = "fine");
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl);
        ILlmService llm = services.GetRequiredService<ILlmService>();
        LlmRequest request = Ask("q") with { CacheTimeToLive = TimeSpan.FromMinutes(5) };

        LlmResult? before = await llm.TryGetCachedAsync(request);
        LlmResult answered = await llm.CompleteAsync(request);
        LlmResult? after = await llm.TryGetCachedAsync(request with { Messages = [new ChatTurn(ChatRole.User, " q ")] });

        Assert.That(before, Is.Null);
        Assert.That(answered.IsOk && !answered.FromCache, Is.True);
        Assert.That(after, Is.Not.Null);
        Assert.That(after!.Text, Is.EqualTo("fine"));
        Assert.That(after.FromCache, Is.True);
        Assert.That(fake.ChatRequestCount, Is.EqualTo(1));
        ResponseCacheStatistics stats = services.GetRequiredService<IServicesStatistics>().Snapshot().Cache;
        Assert.That((stats.Hits, stats.Misses), Is.EqualTo((1L, 1L)), "one lookup per answer: a peek that misses is counted by the call that follows it");
    }

    [Test]
    public async Task CompleteAsync_FailedAnswer_IsNotCached()
    {
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync(configure: o => o.Answers["q"] = "fine");
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl);
        ILlmService llm = services.GetRequiredService<ILlmService>();
        LlmRequest request = Ask("q") with { CacheTimeToLive = TimeSpan.FromMinutes(5) };
        fake.FailNext(OpenAiFault.HttpStatus(400));

        LlmResult first = await llm.CompleteAsync(request);
        LlmResult second = await llm.CompleteAsync(request);
        LlmResult third = await llm.CompleteAsync(request with { Messages = [new ChatTurn(ChatRole.User, "  q \r\n")] });

        Assert.That(first.Outcome, Is.EqualTo(LlmOutcome.BadRequest));
        Assert.That(second.IsOk && !second.FromCache, Is.True);
        Assert.That(third.IsOk && third.FromCache && third.Attempts == 0, Is.True, "whitespace-normalised key hits the cached answer");
        Assert.That(fake.ChatRequestCount, Is.EqualTo(2));
    }

    [Test]
    public async Task Statistics_AfterCalls_CountOutcomesRetriesAndTokens()
    {
        var time = new SteppedTime();
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync(time, o => o.Answers["a"] = "one two");
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl, time);
        ILlmService llm = services.GetRequiredService<ILlmService>();
        fake.FailNext(OpenAiFault.ServiceUnavailable);

        await time.DriveAsync(llm.CompleteAsync(Ask("a")));
        fake.FailNext(OpenAiFault.Forbidden);
        await time.DriveAsync(llm.CompleteAsync(Ask("a")));

        var stats = services.GetRequiredService<IServicesStatistics>().Snapshot().Llm;
        Assert.That(stats.Requests, Is.EqualTo(2));
        Assert.That(stats.ProviderCalls, Is.EqualTo(2));
        Assert.That(stats.Retries, Is.EqualTo(1));
        Assert.That(stats.Outcomes[LlmOutcome.Ok], Is.EqualTo(1));
        Assert.That(stats.Outcomes[LlmOutcome.Unauthorized], Is.EqualTo(1));
        Assert.That(stats.OutputTokens, Is.EqualTo(2));
    }

    private static TimeSpan[] Spacing(OpenAiFakeServer fake)
    {
        DateTimeOffset[] stamps = [.. fake.Requests.Where(r => r.Chat is not null).Select(r => r.Timestamp)];
        return [.. stamps.Skip(1).Select((t, i) => t - stamps[i])];
    }

    private static async Task<List<LlmStreamUpdate>> Collect(IAsyncEnumerable<LlmStreamUpdate> stream)
    {
        var updates = new List<LlmStreamUpdate>();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (LlmStreamUpdate update in stream.WithCancellation(guard.Token))
        {
            updates.Add(update);
        }

        return updates;
    }

    [Test]
    public async Task AnswerCutAtTheOutputLimit_IsMarkedTruncated_BothWays_AndNeverCached()
    {
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync(configure: o => o.Answers["count"] = "one two three four five six");
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl);
        ILlmService llm = services.GetRequiredService<ILlmService>();
        LlmRequest request = Ask("count") with { MaxOutputTokens = 4, CacheTimeToLive = TimeSpan.FromMinutes(5) };

        LlmResult complete = await llm.CompleteAsync(request);
        LlmResult? streamed = null;
        var deltas = new System.Text.StringBuilder();
        await foreach (LlmStreamUpdate update in llm.StreamAsync(request))
        {
            deltas.Append(update.Delta);
            streamed = update.Result ?? streamed;
        }

        LlmResult whole = await llm.CompleteAsync(request with { MaxOutputTokens = 10 });

        Assert.That((complete.Outcome, complete.Text, complete.Truncated, complete.FromCache), Is.EqualTo((LlmOutcome.Ok, "one two three four", true, false)));
        Assert.That((streamed!.Outcome, streamed.Text, streamed.Truncated, streamed.FromCache), Is.EqualTo((LlmOutcome.Ok, "one two three four", true, false)), "not served from the cache");
        Assert.That(deltas.ToString(), Is.EqualTo("one two three four"));
        Assert.That((whole.Text, whole.Truncated), Is.EqualTo(("one two three four five six", false)));
        Assert.That(fake.ChatRequestCount, Is.EqualTo(3), "the cut answer was never cached");
    }
}
