using AndyAI.Emulator;
using AndyAI.EndToEnd.Tests.Harness;

namespace AndyAI.EndToEnd.Tests.MessageHandler;

/// <summary>A streamed answer edited into its reply, with the default one-second edit interval, against a model that streams slowly.</summary>
[TestFixture]
internal sealed class StreamingTests
{
    private static readonly TimeSpan EditInterval = TimeSpan.FromSeconds(1);
    // The bot's last wait is a Task.Delay, which counts whole milliseconds on a millisecond tick and may end a tick or
    // two early; the emulator stamps with another clock. Allow for that, nothing for transit or load (see the gaps).
    private static readonly TimeSpan TimerResolution = TimeSpan.FromMilliseconds(10);

    private SlowStreamingLlm _llm = null!;
    private BotHarness _bot = null!;

    [OneTimeSetUp]
    public async Task StartBot()
    {
        string[] pieces = [.. Enumerable.Range(0, 20).Select(i => (i == 0 ? "" : " ") + $"word{i:00}")];
        _llm = await SlowStreamingLlm.StartAsync(pieces, TimeSpan.FromMilliseconds(250));
        var setup = new BotSetup { LlmBaseUrlOverride = _llm.BaseUrl };
        setup.Settings["MessageHandler"] = BotSetup.MessageHandlerSettings(streamEditIntervalMs: (int)EditInterval.TotalMilliseconds);
        _bot = await BotHarness.StartAsync(setup);
    }

    [OneTimeTearDown]
    public async Task StopBot()
    {
        await _bot.DisposeAsync();
        await _llm.DisposeAsync();
    }

    [Test]
    public async Task StreamedAnswer_EditsNoFasterThanOncePerSecondAndEndsComplete()
    {
        ulong channel = _bot.NewChannel("streaming");

        EmulatorMessage question = await _bot.PostAsync(_bot.Discord.AliceUserId, channel, $"{_bot.Mention} stream a long answer please");
        EmulatorMessage reply = await _bot.WaitForReplyAsync(question.Id, m => m.Content == _llm.Answer);
        // Logged after the last update was answered: every update the bot will make is in the recordings below.
        await _bot.WaitForLogLineAsync(l => l.Contains($"Answered message {question.Id} ", StringComparison.Ordinal));

        RecordedRequest[] updates = [.. _bot.Discord.Requests
            .Where(r => (r.Method == "POST" && r.Path.EndsWith($"/channels/{channel}/messages", StringComparison.Ordinal))
                || (r.Method == "PATCH" && r.Path.EndsWith($"/channels/{channel}/messages/{reply.Id}", StringComparison.Ordinal)))
            .OrderBy(r => r.Timestamp)];
        // The bot shows the next update no sooner than one interval after the previous one was answered. Measured from
        // when the emulator began that answer to when the next request arrived, the gap can only be longer than what
        // the bot waited (the answer's transit and the next request's both add to it), however loaded the machine.
        TimeSpan[] gaps = [.. updates.Zip(updates.Skip(1), (a, b) => b.Timestamp - a.AnsweredAt)];
        Assert.Multiple(() =>
        {
            Assert.That(_bot.RepliesTo(question.Id), Has.Count.EqualTo(1));
            Assert.That(reply.Content, Is.EqualTo(_llm.Answer), "the final content is the whole answer");
            Assert.That(updates.Count(u => u.Method == "PATCH"), Is.GreaterThanOrEqualTo(1), "a slow stream is shown while it arrives");
            Assert.That(reply.ContentHistory.Distinct().Count(), Is.EqualTo(reply.ContentHistory.Count), "no edit repeats the same text");
            Assert.That(gaps, Is.All.GreaterThanOrEqualTo(EditInterval - TimerResolution),
                $"updates (arrived-answered) at {string.Join(", ", updates.Select(u => $"{u.Timestamp.ToString("ss.fff", System.Globalization.CultureInfo.InvariantCulture)}-{u.AnsweredAt.ToString("ss.fff", System.Globalization.CultureInfo.InvariantCulture)}"))}");
        });
    }
}
