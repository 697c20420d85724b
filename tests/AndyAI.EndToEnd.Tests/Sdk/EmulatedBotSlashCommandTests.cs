using AndyAI.Testing.Emulator;

namespace AndyAI.EndToEnd.Tests.Sdk;

/// <summary>
/// What a cog author's first in-the-bot slash test does: start the bot, run the cog's slash command at once. The host
/// registers its commands a moment after the cogs start (debounced by <c>Interactions:SyncDelay</c>), so
/// <see cref="EmulatedBot.StartAsync"/> must not return before that, or the emulator refuses the command as unknown.
/// </summary>
public sealed class EmulatedBotSlashCommandTests
{
    [Test]
    public async Task SlashCommandAsync_RightAfterStart_TheCogsCommandIsRegisteredAndAnswers()
    {
        var options = new EmulatedBotOptions { HostPath = Path.Combine(AppContext.BaseDirectory, "AndyAI.Host.dll") };
        options.CogFolders.Add(Path.Combine(AppContext.BaseDirectory, "E2ECogs", "Utility"));
        // A slower sync than the default second, so the start's !cogs round trips cannot hide the wait.
        options.Environment["Interactions__SyncDelay"] = "00:00:03";
        await using EmulatedBot bot = await EmulatedBot.StartAsync(options);

        (string content, bool ephemeral) = await bot.SlashCommandAsync("ping");

        Assert.That(content, Does.StartWith("Pong!"));
        Assert.That(ephemeral, Is.False);
    }
}
