using System.Collections;
using AndyAI.Emulator;
using AndyAI.Host.Hosting;

namespace AndyAI.EndToEnd.Tests.Web;

/// <summary>
/// With <c>LOG_FORMAT=json</c> stdout is a log stream: a generated dashboard token must not be printed there (it
/// would travel with the logs), so it goes to a file only this user can read, and the log says where.
/// </summary>
public sealed class DashboardTokenFileTests
{
    [Test]
    public async Task JsonLogs_GeneratedToken_IsWrittenToAPrivateFileAndTheLogSaysWhere()
    {
        string root = Directory.CreateTempSubdirectory("andyai-token-file").FullName;
        File.WriteAllText(Path.Combine(root, "plugins.json"), """{ "pluginsDirectory": "plugins", "dataDirectory": "data", "watch": false, "cogs": {} }""");
        Directory.CreateDirectory(Path.Combine(root, "plugins"));
        string tokenFile = Path.Combine(root, "data", "dashboard-token");
        string log = Path.Combine(root, "logs", "andyai.log");
        await using DiscordEmulator discord = await DiscordEmulator.StartAsync();
        var environment = new Hashtable
        {
            ["DISCORD_API_TOKEN"] = discord.BotToken,
            ["DISCORD_API_BASE_URL"] = discord.RestBaseUrl,
            ["OPENAI_API_KEY"] = "e2e-test-key",
            ["OPENAI_BASE_URL"] = "http://127.0.0.1:9/v1",
            ["PLUGINS_CONFIG"] = Path.Combine(root, "plugins.json"),
            ["LOG_FILE"] = log,
            ["LOG_FORMAT"] = "json",
            ["Plugins__ShadowCopyDirectory"] = Path.Combine(root, "shadow"),
            ["HTTP_ADDRESS"] = "http://127.0.0.1:0",
        };
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var errors = new StringWriter();
        try
        {
            Task<int> run = AndyAIHost.RunAsync([], environment, errors, stop.Token);
            while (!File.Exists(tokenFile) && !run.IsCompleted && !stop.IsCancellationRequested)
            {
                await Task.Delay(50);
            }

            await stop.CancelAsync();
            Assert.That(await run, Is.Zero, errors.ToString());

            string token = File.ReadAllText(tokenFile).Trim();
            Assert.Multiple(() =>
            {
                Assert.That(token, Has.Length.EqualTo(32), "the generated token");
                if (!OperatingSystem.IsWindows())
                {
                    Assert.That(File.GetUnixFileMode(tokenFile), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
                }
                string logText = File.ReadAllText(log);
                Assert.That(logText, Does.Contain("a generated login token was written to").And.Contain("dashboard-token"));
                Assert.That(logText, Does.Not.Contain(token), "never in the log");
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
