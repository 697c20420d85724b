using AndyAI.Emulator;
using AndyAI.EndToEnd.Tests.Harness;

namespace AndyAI.EndToEnd.Tests.MessageHandler;

/// <summary>The MessageHandler cog answering mentions and DMs, end to end: real host, real cog DLL, emulator, OpenAI fake.</summary>
[TestFixture]
internal sealed class MentionTests
{
    private BotHarness _bot = null!;

    [OneTimeSetUp]
    public async Task StartBot() => _bot = await BotHarness.StartAsync(new BotSetup());

    [OneTimeTearDown]
    public async Task StopBot() => await _bot.DisposeAsync();

    [Test]
    public async Task Mention_AnswersWithTypingThenAReplyReferencingTheQuestion()
    {
        ulong channel = _bot.NewChannel("mention");

        EmulatorMessage question = await _bot.PostAsync(_bot.Discord.AliceUserId, channel, $"{_bot.Mention} what is a token bucket?");
        IReadOnlyList<EmulatorMessage> answer = await _bot.WaitForAnswerAsync(question.Id, "echo: what is a token bucket?");

        RecordedRequest typing = _bot.Discord.Requests.First(r => r.Method == "POST" && r.Path.EndsWith($"/channels/{channel}/typing", StringComparison.Ordinal));
        RecordedRequest firstPost = _bot.Discord.Requests.First(r => r.Method == "POST" && r.Path.EndsWith($"/channels/{channel}/messages", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(answer, Has.Count.EqualTo(1));
            Assert.That(answer[0].ReferencedMessageId, Is.EqualTo(question.Id));
            Assert.That(answer[0].ChannelId, Is.EqualTo(channel));
            Assert.That(typing.Timestamp, Is.LessThanOrEqualTo(firstPost.Timestamp), "typing starts before the answer is posted");
            Assert.That(_bot.Llm.Requests.Last(r => r.Chat is not null).Chat!.LastUserMessage, Is.EqualTo("what is a token bucket?"), "the mention token is stripped from the prompt");
        });
    }
}
