using System.Collections;
using AndyAI.Host.Configuration;
using AndyAI.Host.Hosting;

namespace AndyAI.Host.Tests.Configuration;

public sealed class AndyAIHostTests
{
    [TestCase("LOG_LEVEL", "loud", "Configuration error: LOG_LEVEL is 'loud'")]
    [TestCase("ADMIN_USER_IDS", "me", "Configuration error: ADMIN_USER_IDS (Commands:AdminUserIds) contains 'me'")]
    public async Task RunAsync_MalformedSetting_PrintsOneLineAndExitsWithConfigurationError(string variable, string value, string expected)
    {
        using var errors = new StringWriter();

        int exitCode = await AndyAIHost.RunAsync([], new Hashtable { [variable] = value }, errors, CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.ConfigurationError));
        string output = errors.ToString().TrimEnd();
        Assert.That(output, Does.StartWith(expected));
        Assert.That(output, Does.Not.Contain('\n'), "one line, no stack trace");
    }

    [Test]
    public async Task RunAsync_TokenButNoModel_NamesTheMissingSetting()
    {
        using var errors = new StringWriter();

        int exitCode = await AndyAIHost.RunAsync([], new Hashtable { ["DISCORD_API_TOKEN"] = "abc.def.ghi" }, errors, CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.ConfigurationError));
        Assert.That(errors.ToString().TrimEnd(), Does.StartWith("Configuration error: OPENAI_API_KEY is required"));
    }

    [Test]
    public async Task RunAsync_DiscordModeAndTheHttpAddressIsTaken_PrintsOneLineAndExitsWithConfigurationError()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        int port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        string root = Directory.CreateTempSubdirectory("andyai-host-tests").FullName;
        File.WriteAllText(Path.Combine(root, "plugins.json"), "{ \"pluginsDirectory\": \"plugins\", \"watch\": false }");
        using var errors = new StringWriter();
        var environment = new Hashtable
        {
            ["DISCORD_API_TOKEN"] = "abc.def.ghi",
            ["DISCORD_API_BASE_URL"] = "http://127.0.0.1:9/api",
            ["OPENAI_API_KEY"] = "test-key-123",
            ["PLUGINS_CONFIG"] = Path.Combine(root, "plugins.json"),
            ["LOG_FILE"] = Path.Combine(root, "andyai.log"),
            ["HTTP_ADDRESS"] = $"http://127.0.0.1:{port}",
        };

        try
        {
            int exitCode = await AndyAIHost.RunAsync([], environment, errors, CancellationToken.None);

            Assert.That(exitCode, Is.EqualTo(ExitCodes.ConfigurationError));
            string output = errors.ToString().TrimEnd();
            Assert.That(output, Does.StartWith($"Configuration error: HTTP_ADDRESS http://127.0.0.1:{port}/ cannot be used"));
            Assert.That(output, Does.Not.Contain('\n'), "one line, no stack trace");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
