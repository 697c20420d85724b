using AndyAI.Emulator;
using AndyAI.EndToEnd.Tests.Harness;

namespace AndyAI.EndToEnd.Tests.MessageHandler;

/// <summary>A streamed answer edited into its reply, with the default one-second edit interval, against a model that streams slowly.</summary>
[TestFixture]
internal sealed class StreamingTests
{
    private static readonly TimeSpan EditInterval = TimeSpan.FromSeconds(1);
    // Arrival times at the emulator can be a little closer together than the bot sent them (one request delayed in
    // transit, the next not); this tolerance is far below what a broken throttle (every chunk, 250 ms apart) shows.
    private static readonly TimeSpan ArrivalJitter = TimeSpan.FromMilliseconds(100);

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
        await Task.Delay(EditInterval * 1.5); // any late edit would show up in the recordings checked below

        RecordedRequest[] updates = [.. _bot.Discord.Requests
            .Where(r => (r.Method == "POST" && r.Path.EndsWith($"/channels/{channel}/messages", StringComparison.Ordinal))
                || (r.Method == "PATCH" && r.Path.EndsWith($"/channels/{channel}/messages/{reply.Id}", StringComparison.Ordinal)))
            .OrderBy(r => r.Timestamp)];
        TimeSpan[] gaps = [.. updates.Zip(updates.Skip(1), (a, b) => b.Timestamp - a.Timestamp)];
        Assert.Multiple(() =>
        {
            Assert.That(_bot.RepliesTo(question.Id), Has.Count.EqualTo(1));
            Assert.That(reply.Content, Is.EqualTo(_llm.Answer), "the final content is the whole answer");
            Assert.That(updates.Count(u => u.Method == "PATCH"), Is.GreaterThanOrEqualTo(1), "a slow stream is shown while it arrives");
            Assert.That(reply.ContentHistory.Distinct().Count(), Is.EqualTo(reply.ContentHistory.Count), "no edit repeats the same text");
            Assert.That(gaps, Is.All.GreaterThanOrEqualTo(EditInterval - ArrivalJitter),
                $"updates at {string.Join(", ", updates.Select(u => u.Timestamp.ToString("ss.fff", System.Globalization.CultureInfo.InvariantCulture)))}");
        });
    }
}
