using AndyAI.EndToEnd.Tests.Harness;

namespace AndyAI.EndToEnd.Tests.Faults;

/// <summary>
/// The whole bot with a cog whose StopAsync blocks its thread for good (tests/TestCogs/BlockingCog): <c>!unload</c>
/// answers after <c>Plugins:StopTimeout</c>, commands keep working, <c>!cogs</c> says what happened, and SIGTERM ends
/// within the shutdown budget with exit code 0.
/// </summary>
[TestFixture]
internal sealed class BlockingCogTests
{
    [Test]
    public async Task CogWhoseStopAsyncBlocks_UnloadAnswersCommandsKeepWorkingAndShutdownEndsInTime()
    {
        BotSetup setup = BotSetup.OnlyCogs(BotSetup.Cog("Utility"), BotSetup.Cog("BlockingCog", name: "Blocking"));
        setup.Settings["Utility"] = """{ "cooldownSeconds": 0 }""";
        setup.Environment["Plugins__StopTimeout"] = "00:00:01";
        setup.Environment["Plugins__DrainTimeout"] = "00:00:02";
        setup.Environment["Plugins__ShutdownTimeout"] = "00:00:08";
        string release = Path.Combine(Path.GetTempPath(), "andyai-e2e-release-" + Guid.NewGuid().ToString("N"));
        setup.BeforeStart = bot => File.WriteAllLines(Path.Combine(bot.PluginsDirectory, "BlockingCog", "block.txt"), ["stop", release]);
        await using BotHarness bot = await BotHarness.StartAsync(setup);
        try
        {
            ulong channel = bot.NewChannel("blocking-cog");

            string unloaded = await bot.CommandAsync(bot.Discord.OwnerUserId, channel, "!unload Blocking");
            string pong = await bot.CommandAsync(bot.Discord.OwnerUserId, channel, "!ping");
            await bot.WaitForLogLineAsync(l => l.Contains("the retired instance 1.0.0 was not collected", StringComparison.Ordinal));
            string listing = await bot.CommandAsync(bot.Discord.OwnerUserId, channel, "!cogs");
            int exitCode = await bot.StopHostAsync();

            Assert.Multiple(() =>
            {
                Assert.That(unloaded, Does.StartWith("Blocking: unloaded in").And.Contain("still finishing its work"));
                Assert.That(pong, Does.StartWith("Pong"), "commands keep working while the cog's thread is stuck");
                Assert.That(BotHarness.CogLine(listing, "Blocking"), Does.Contain("leaked").And.Contain("StopAsync did not finish within 2 s"), listing);
                Assert.That(exitCode, Is.Zero);
            });
        }
        finally
        {
            File.WriteAllText(release, "");
        }
    }
}
