using AndyAI.Abstractions.Llm;
using AndyAI.Emulator.OpenAi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Services.Tests.Llm;

/// <summary>Llm:Deadline bounds one request as a whole: the slot wait, every attempt and every backoff.</summary>
public sealed class LlmDeadlineTests
{
    // The per-attempt network timeout runs on the wall clock inside the SDK: set far away so only the deadline ends a call.
    private static readonly Dictionary<string, string?> NoAttemptTimeout = new() { ["Llm:Timeout"] = "00:10:00" };

    private static LlmRequest Ask(string prompt) => new([new ChatTurn(ChatRole.User, prompt)]);

    [Test]
    public async Task CompleteAsync_ProviderNeverAnswers_EndsAsTimeoutAtTheDeadline()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync(time);
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl, time, NoAttemptTimeout);
        fake.FailNext(OpenAiFault.Hang, 5);

        Task<LlmResult> call = services.GetRequiredService<ILlmService>().CompleteAsync(Ask("hi"));
        await fake.WaitForChatRequestsAsync(1).WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(89));
        bool doneBefore = call.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(1));
        LlmResult result = await call.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(doneBefore, Is.False, "the default deadline is 90 s");
        Assert.That(result.Outcome, Is.EqualTo(LlmOutcome.Timeout), result.Detail);
        Assert.That(result.Attempts, Is.EqualTo(1));
        Assert.That(result.Detail, Does.Contain("Llm:Deadline"));
    }

    [Test]
    public async Task CompleteAsync_DeadlinePassesDuringBackoff_StopsRetrying()
    {
        var time = new SteppedTime();
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync(time);
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl, time, new Dictionary<string, string?>
        {
            ["Llm:Deadline"] = "00:01:00",
            ["Llm:MaxRetries"] = "10",
            ["Llm:RetryBaseDelay"] = "00:00:30",
            ["Llm:MaxRetryDelay"] = "00:00:45",
        });
        fake.FailNext(OpenAiFault.ServiceUnavailable, 20);

        // Backoffs: 24–36 s, then 45 s (capped): the second ends past the 60 s deadline.
        LlmResult result = await time.DriveAsync(services.GetRequiredService<ILlmService>().CompleteAsync(Ask("hi")));

        Assert.That(result.Outcome, Is.EqualTo(LlmOutcome.Timeout), result.Detail);
        Assert.That(result.Attempts, Is.EqualTo(2));
        Assert.That(fake.ChatRequestCount, Is.EqualTo(2));
        Assert.That(result.Detail, Does.Contain("Llm:Deadline").And.Contain("503"));
    }

    [Test]
    public async Task CompleteAsync_AllSlotsBusyUntilTheDeadline_EndsAsTimeoutWithoutCallingTheProvider()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync(time);
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl, time, new Dictionary<string, string?>(NoAttemptTimeout)
        {
            ["RateLimits:MaxConcurrentLlmCalls"] = "1",
        });
        ILlmService llm = services.GetRequiredService<ILlmService>();
        fake.FailNext(OpenAiFault.Hang);
        Task<LlmResult> holdingTheSlot = llm.CompleteAsync(Ask("first"));
        await fake.WaitForChatRequestsAsync(1).WaitAsync(TimeSpan.FromSeconds(30));

        Task<LlmResult> queued = llm.CompleteAsync(Ask("second"));
        time.Advance(TimeSpan.FromSeconds(90));
        LlmResult[] results = await Task.WhenAll(holdingTheSlot, queued).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(results[1].Outcome, Is.EqualTo(LlmOutcome.Timeout), results[1].Detail);
        Assert.That(results[1].Attempts, Is.Zero);
        Assert.That(results[1].Detail, Does.Contain("slot"));
        Assert.That(results[0].Outcome, Is.EqualTo(LlmOutcome.Timeout), results[0].Detail);
        Assert.That(fake.ChatRequestCount, Is.EqualTo(1));
    }
}
