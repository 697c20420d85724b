using System.Collections.Concurrent;
using AndyAI.Abstractions.Llm;
using AndyAI.Emulator.OpenAi;
using AndyAI.Services.Llm;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AndyAI.Services.Tests.Llm;

/// <summary>Configured models, the fallback model, and the usage and quota hooks (<see cref="ILlmAccounting"/>).</summary>
public sealed class LlmModelsTests
{
    private static LlmRequest Ask(string prompt) => new([new ChatTurn(ChatRole.User, prompt)]);

    [Test]
    public async Task Models_ListTheDefaultFirst_WithDisplayNamesContextAndTheFallbackMarked()
    {
        await using ServiceProvider services = TestServices.Create(new Uri("http://127.0.0.1:9/v1"), settings: new Dictionary<string, string?>
        {
            ["Llm:DisplayName"] = "Mini",
            ["Llm:ContextTokens"] = "128000",
            ["Llm:Models:smart:Model"] = "gpt-4.1",
            ["Llm:FallbackModel"] = "smart",
        });

        IReadOnlyList<LlmModelInfo> models = services.GetRequiredService<ILlmService>().Models;

        Assert.That(models, Is.EqualTo(new[]
        {
            new LlmModelInfo("default", "Mini", 128000),
            new LlmModelInfo("smart", "gpt-4.1", 0, IsFallback: true),
        }));
    }

    [Test]
    public async Task CompleteAsync_ChosenModelFailsAfterItsRetries_TheFallbackAnswers_AndTheResultSaysSo()
    {
        await using OpenAiFakeServer primary = await TestServices.StartFakeAsync();
        await using OpenAiFakeServer fallback = await TestServices.StartFakeAsync(configure: o => o.Answers["hello"] = "from the fallback");
        primary.FailNext(OpenAiFault.ServiceUnavailable, 10);
        await using ServiceProvider services = TestServices.Create(primary.BaseUrl, settings: WithFallback(fallback));

        LlmResult result = await services.GetRequiredService<ILlmService>().CompleteAsync(Ask("hello"));

        Assert.That(result.Outcome, Is.EqualTo(LlmOutcome.Ok), result.Detail);
        Assert.That(result.Text, Is.EqualTo("from the fallback"));
        Assert.That(result.FromFallback, Is.True);
        Assert.That(result.Model, Is.EqualTo("backup"));
        Assert.That(primary.ChatRequestCount, Is.EqualTo(2), "the chosen model had its retry first");
        Assert.That(fallback.Requests.Single().Chat!.Model, Is.EqualTo("backup-model"));
    }

    [Test]
    public async Task StreamAsync_ChosenModelFailsBeforeAnyText_TheFallbackStreams()
    {
        await using OpenAiFakeServer primary = await TestServices.StartFakeAsync();
        await using OpenAiFakeServer fallback = await TestServices.StartFakeAsync(configure: o => o.Answers["hello"] = "streamed by the fallback");
        primary.FailNext(OpenAiFault.InternalServerError, 10);
        await using ServiceProvider services = TestServices.Create(primary.BaseUrl, settings: WithFallback(fallback));

        var text = new System.Text.StringBuilder();
        LlmResult? final = null;
        await foreach (LlmStreamUpdate update in services.GetRequiredService<ILlmService>().StreamAsync(Ask("hello")))
        {
            text.Append(update.Delta);
            final = update.Result ?? final;
        }

        Assert.That(final!.Outcome, Is.EqualTo(LlmOutcome.Ok), final.Detail);
        Assert.That(final.FromFallback, Is.True);
        Assert.That(text.ToString(), Is.EqualTo("streamed by the fallback"));
    }

    [Test]
    public async Task CompleteAsync_ChosenModelAnswers_TheFallbackIsNotAsked()
    {
        await using OpenAiFakeServer primary = await TestServices.StartFakeAsync(configure: o => o.Answers["hello"] = "fine");
        await using OpenAiFakeServer fallback = await TestServices.StartFakeAsync();
        await using ServiceProvider services = TestServices.Create(primary.BaseUrl, settings: WithFallback(fallback));

        LlmResult result = await services.GetRequiredService<ILlmService>().CompleteAsync(Ask("hello"));

        Assert.That(result.FromFallback, Is.False);
        Assert.That(result.Model, Is.EqualTo("default"));
        Assert.That(fallback.ChatRequestCount, Is.Zero);
    }

    [Test]
    public async Task CompleteAsync_BothFail_ReturnsTheFallbacksFailure()
    {
        await using OpenAiFakeServer primary = await TestServices.StartFakeAsync();
        await using OpenAiFakeServer fallback = await TestServices.StartFakeAsync();
        primary.FailNext(OpenAiFault.ServiceUnavailable, 10);
        fallback.FailNext(OpenAiFault.Unauthorized, 10);
        await using ServiceProvider services = TestServices.Create(primary.BaseUrl, settings: WithFallback(fallback));

        LlmResult result = await services.GetRequiredService<ILlmService>().CompleteAsync(Ask("hello"));

        Assert.That(result.Outcome, Is.EqualTo(LlmOutcome.Unauthorized));
        Assert.That(result.FromFallback, Is.True);
    }

    [Test]
    public async Task AttributedRequests_RecordTheApisUsage_StreamedOrNot_UnattributedOnesNothing()
    {
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync(configure: o => o.Answers["hello"] = "one two three");
        var accounts = new RecordingAccounts();
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl, configure: s => s.AddSingleton<ILlmAccounting>(accounts));
        ILlmService llm = services.GetRequiredService<ILlmService>();

        await llm.CompleteAsync(Ask("hello") with { UserId = 7, GuildId = 9 });
        await foreach (LlmStreamUpdate _ in llm.StreamAsync(Ask("hello") with { UserId = 8 }))
        {
        }

        await llm.CompleteAsync(Ask("hello"));

        Assert.That(accounts.Recorded.Select(e => (e.UserId, e.GuildId, e.Model, e.CompletionTokens)), Is.EqualTo(new[]
        {
            (7UL, (ulong?)9UL, "gpt-4o-mini", 3),
            (8UL, (ulong?)null, "gpt-4o-mini", 3),
        }));
        Assert.That(accounts.Recorded.All(e => e.PromptTokens > 0), Is.True);
    }

    [Test]
    public async Task OverQuota_ReturnsQuotaExceededWithTheResetTime_WithoutCallingTheModel()
    {
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync();
        DateTimeOffset resets = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);
        var accounts = new RecordingAccounts { OverQuota = { [7] = resets } };
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl, configure: s => s.AddSingleton<ILlmAccounting>(accounts));

        ILlmService llm = services.GetRequiredService<ILlmService>();

        LlmResult result = await llm.CompleteAsync(Ask("hello") with { UserId = 7, GuildId = 9 });
        DateTimeOffset? asked = await llm.QuotaExceededUntilAsync(7, 9);
        DateTimeOffset? other = await llm.QuotaExceededUntilAsync(8, 9);

        Assert.That(result.Outcome, Is.EqualTo(LlmOutcome.QuotaExceeded));
        Assert.That(result.QuotaResetsAt, Is.EqualTo(resets));
        Assert.That(fake.ChatRequestCount, Is.Zero);
        Assert.That((asked, other), Is.EqualTo(((DateTimeOffset?)resets, (DateTimeOffset?)null)), "asked ahead, as /ask does before it defers");
        Assert.That(accounts.Asked, Is.EqualTo(new[] { (7UL, (ulong?)9UL), (7UL, (ulong?)9UL), (8UL, (ulong?)9UL) }));
    }

    [Test]
    public async Task QuotaCheckThatThrows_LetsTheRequestGoAhead()
    {
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync(configure: o => o.Answers["hello"] = "still here");
        var accounts = new RecordingAccounts { Failure = new InvalidOperationException("database gone") };
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl, configure: s => s.AddSingleton<ILlmAccounting>(accounts));

        LlmResult result = await services.GetRequiredService<ILlmService>().CompleteAsync(Ask("hello") with { UserId = 7 });

        Assert.That(result.Text, Is.EqualTo("still here"));
    }

    [TestCase("Llm:FallbackModel", "nope", "Llm:FallbackModel 'nope' is not a configured model")]
    [TestCase("Llm:Models:default:Model", "x", "the name 'default' is taken")]
    [TestCase("Llm:Models:fast:ContextTokens", "-1", "ContextTokens must not be negative")]
    public void Validation_BadModelSettings_FailNamingTheKey(string key, string value, string expected)
    {
        using ServiceProvider services = TestServices.Create(new Uri("http://127.0.0.1:9/v1"), settings: new Dictionary<string, string?>
        {
            ["Llm:Models:fast:Model"] = "fast-model",
            [key] = value,
        });

        var failure = Assert.Throws<OptionsValidationException>(() => _ = services.GetRequiredService<IOptions<LlmOptions>>().Value);

        Assert.That(failure!.Message, Does.Contain(expected));
    }

    [Test]
    public void Validation_FallbackWithoutNamedModels_SaysNoneIsConfigured_NotAnEmptyList()
    {
        using ServiceProvider services = TestServices.Create(new Uri("http://127.0.0.1:9/v1"), settings: new Dictionary<string, string?>
        {
            ["Llm:FallbackModel"] = "nope",
        });

        var failure = Assert.Throws<OptionsValidationException>(() => _ = services.GetRequiredService<IOptions<LlmOptions>>().Value);

        Assert.That(failure!.Message, Does.Contain("no named model is configured (Llm:Models:<name>:Model), so only 'default' can be the fallback"));
        Assert.That(failure.Message, Does.Not.Contain("()"));
    }

    [Test]
    public void Validation_KeyVariableNotSet_NamesTheVariable_AndTheDefaultKeyIsNotInherited()
    {
        using ServiceProvider services = TestServices.Create(null, settings: new Dictionary<string, string?>
        {
            ["Llm:Models:groq:BaseUrl"] = "https://api.groq.example/openai/v1",
            ["Llm:Models:groq:Model"] = "llama",
            ["Llm:Models:groq:ApiKeyVariable"] = "GROQ_API_KEY",
        });

        var failure = Assert.Throws<OptionsValidationException>(() => _ = services.GetRequiredService<IOptions<LlmOptions>>().Value);

        Assert.That(failure!.Message, Does.Contain("Llm:Models:groq:ApiKeyVariable names GROQ_API_KEY, which is not set"));
    }

    private static Dictionary<string, string?> WithFallback(OpenAiFakeServer fallback) => new()
    {
        ["Llm:MaxRetries"] = "1",
        ["Llm:RetryBaseDelay"] = "00:00:00.010",
        ["Llm:Models:backup:BaseUrl"] = fallback.BaseUrl.ToString(),
        ["Llm:Models:backup:Model"] = "backup-model",
        ["Llm:FallbackModel"] = "backup",
    };

    private sealed class RecordingAccounts : ILlmAccounting
    {
        public ConcurrentQueue<LlmUsageEntry> Recorded { get; } = new();

        public Dictionary<ulong, DateTimeOffset> OverQuota { get; } = [];

        public List<(ulong, ulong?)> Asked { get; } = [];

        public Exception? Failure { get; init; }

        public ValueTask<DateTimeOffset?> QuotaExceededUntilAsync(ulong userId, ulong? guildId, CancellationToken cancellationToken)
        {
            Asked.Add((userId, guildId));
            return Failure is not null ? throw Failure : ValueTask.FromResult<DateTimeOffset?>(OverQuota.TryGetValue(userId, out DateTimeOffset at) ? at : null);
        }

        public void Record(LlmUsageEntry entry) => Recorded.Enqueue(entry);
    }
}
