using AndyAI.Emulator;
using AndyAI.Emulator.OpenAi;
using AndyAI.EndToEnd.Tests.Harness;

namespace AndyAI.EndToEnd.Tests.MessageHandler;

/// <summary>
/// The model's timeout passing, with a bot of its own: the short timeout this needs would turn slow but healthy
/// answers of the other fixtures into timeout notices on a loaded machine. Only a hanging model is asked here.
/// </summary>
[TestFixture]
internal sealed class LlmTimeoutTests
{
    private BotHarness _bot = null!;

    [OneTimeSetUp]
    public async Task StartBot()
    {
        var setup = new BotSetup();
        setup.Environment["Llm__Timeout"] = BotSetup.ShortLlmTimeout;
        _bot = await BotHarness.StartAsync(setup);
    }

    [OneTimeTearDown]
    public async Task StopBot() => await _bot.DisposeAsync();

    [Test]
    public async Task LlmTimeout_FriendlyMessage()
    {
        ulong channel = _bot.NewChannel("llm-timeout");
        _bot.Llm.FailNext(OpenAiFault.Hang);

        EmulatorMessage question = await _bot.PostAsync(_bot.Discord.AliceUserId, channel, $"{_bot.Mention} this will hang");
        EmulatorMessage reply = await _bot.WaitForReplyAsync(question.Id);

        Assert.Multiple(() =>
        {
            Assert.That(reply.Content, Is.EqualTo("My language model is unavailable right now: it took too long to answer. Please try again later."));
            Assert.That(_bot.RepliesTo(question.Id), Has.Count.EqualTo(1));
        });
    }
}
