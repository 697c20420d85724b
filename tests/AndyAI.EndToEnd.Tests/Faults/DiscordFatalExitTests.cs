using System.Collections;
using AndyAI.EndToEnd.Tests.Harness;
using AndyAI.Emulator;
using AndyAI.Host.Configuration;
using AndyAI.Host.Hosting;

namespace AndyAI.EndToEnd.Tests.Faults;

/// <summary>
/// The whole host against the emulator when Discord refuses for good: the process must exit on its own with the
/// configuration exit code and one stderr line saying what to fix, not keep running unconnected.
/// </summary>
[NonParallelizable]
public sealed class DiscordFatalExitTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private string _root = null!;

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), "andyai-fatal-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
        File.WriteAllText(Path.Combine(_root, "plugins.json"), """{ "pluginsDirectory": "plugins", "dataDirectory": "data", "watch": false, "cogs": {} }""");
        Directory.CreateDirectory(Path.Combine(_root, "plugins"));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    [Test]
    public async Task InvalidToken_HostExitsWithConfigurationErrorAndOneLineNamingTheVariable()
    {
        await using DiscordEmulator discord = await DiscordEmulator.StartAsync();
        using var errors = new StringWriter();

        int exitCode = await RunHostAsync(discord, "not-the-token", errors);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.ConfigurationError));
            Assert.That(errors.ToString().TrimEnd(), Does.Contain("DISCORD_API_TOKEN").And.Not.Contain('\n'));
        });
    }

    [Test]
    public async Task InvalidToken_WhileACogIsStillStarting_StillExitsWithConfigurationError()
    {
        // The refusal lands while the host is still starting (a cog's StartAsync holds its thread until the bot has
        // logged it): stopping the application cancels the start, which must not read as a crash (exit 1).
        string cog = Directory.CreateDirectory(Path.Combine(_root, "plugins", "BlockingCog")).FullName;
        foreach (string file in Directory.EnumerateFiles(BotHarness.CogBuild("BlockingCog")))
        {
            File.Copy(file, Path.Combine(cog, Path.GetFileName(file)));
        }

        string release = Path.Combine(_root, "release");
        File.WriteAllLines(Path.Combine(cog, "block.txt"), ["start", release]);
        string log = Path.Combine(_root, "logs", "andyai.log");
        await using DiscordEmulator discord = await DiscordEmulator.StartAsync();
        using var errors = new StringWriter();
        using var released = new CancellationTokenSource();
        Task releaser = Task.Run(async () =>
        {
            while (!released.IsCancellationRequested && !(File.Exists(log) && (await ReadSharedAsync(log)).Contains("DISCORD_API_TOKEN", StringComparison.Ordinal)))
            {
                await Task.Delay(20);
            }

            await File.WriteAllTextAsync(release, "go");
        });

        int exitCode;
        try
        {
            exitCode = await RunHostAsync(discord, "not-the-token", errors);
        }
        finally
        {
            await released.CancelAsync();
            await releaser;
        }

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.ConfigurationError), errors.ToString());
            Assert.That(errors.ToString().TrimEnd(), Does.StartWith("Configuration error:").And.Contain("DISCORD_API_TOKEN").And.Not.Contain('\n'));
        });
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    [Test]
    public async Task DisallowedIntents_4014_HostExitsWithConfigurationErrorNamingTheIntent()
    {
        await using DiscordEmulator discord = await DiscordEmulator.StartAsync();
        discord.SetGrantedPrivilegedIntents(0);
        using var errors = new StringWriter();

        int exitCode = await RunHostAsync(discord, discord.BotToken, errors);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.ConfigurationError));
            Assert.That(errors.ToString().TrimEnd(), Does.Contain("Message Content intent").And.Not.Contain('\n'));
        });
    }

    private async Task<int> RunHostAsync(DiscordEmulator discord, string token, TextWriter errors)
    {
        var environment = new Hashtable
        {
            ["DISCORD_API_TOKEN"] = token,
            ["DISCORD_API_BASE_URL"] = discord.RestBaseUrl,
            ["OPENAI_API_KEY"] = "e2e-test-key",
            ["OPENAI_BASE_URL"] = "http://127.0.0.1:9/v1",
            ["OPENAI_MODEL"] = "gpt-4o-mini",
            ["PLUGINS_CONFIG"] = Path.Combine(_root, "plugins.json"),
            ["LOG_LEVEL"] = "Information",
            ["LOG_FILE"] = Path.Combine(_root, "logs", "andyai.log"),
            ["Plugins__ShadowCopyDirectory"] = Path.Combine(_root, "shadow"),
            ["HTTP_ADDRESS"] = "off",
        };
        using var hangGuard = new CancellationTokenSource(HangGuard);
        return await AndyAIHost.RunAsync([], environment, errors, hangGuard.Token);
    }
}
