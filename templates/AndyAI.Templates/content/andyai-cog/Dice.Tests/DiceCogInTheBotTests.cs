using AndyAI.Testing.Emulator;

namespace Dice.Tests;

/// <summary>
/// The cog in the real bot, against a local Discord emulator (AndyAI.Testing.Emulator): what a member of a server
/// would see. Slower than the fakes (the bot starts as a process), so keep most tests on FakeCogContext.
/// </summary>
public sealed class DiceCogInTheBotTests
{
    [Test]
    public async Task Roll_InAChannel_TheBotAnswers()
    {
        var options = new EmulatedBotOptions();
        options.CogFolders.Add(EmulatedBot.CogFolder("Dice"));
        await using EmulatedBot bot = await EmulatedBot.StartAsync(options);

        string answer = await bot.SendAsync("!roll 20");

        Assert.That(answer, Does.Match(@"^🎲 \d+ \(d20\)$"));
    }
}
