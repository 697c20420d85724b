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

        (int exitCode, string output) = await RunDiscordModeAsync(new Hashtable { ["HTTP_ADDRESS"] = $"http://127.0.0.1:{port}" });

        Assert.That(exitCode, Is.EqualTo(ExitCodes.ConfigurationError));
        Assert.That(output, Does.StartWith($"Configuration error: HTTP_ADDRESS http://127.0.0.1:{port}/ cannot be used"));
        Assert.That(output, Does.Not.Contain('\n'), "one line, no stack trace");
    }

    [Test]
    public async Task RunAsync_DiscordModeAndTheHttpAddressIsNotThisMachines_PrintsOneLineAndExitsWithConfigurationError()
    {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): no interface here has it, so binding fails before any packet is sent.
        (int exitCode, string output) = await RunDiscordModeAsync(new Hashtable { ["HTTP_ADDRESS"] = "http://192.0.2.1:8080" });

        Assert.That(exitCode, Is.EqualTo(ExitCodes.ConfigurationError), output);
        Assert.That(output, Does.StartWith("Configuration error: HTTP_ADDRESS http://192.0.2.1:8080/ cannot be used ("));
        Assert.That(output, Does.Not.Contain('\n'), "one line, no stack trace");
    }

    [Test]
    public async Task RunAsync_AFailedStart_TheTerminalShowsTheErrorOnceAsALogLineAndOnceAsTheConfigurationErrorLine()
    {
        (int exitCode, string[] lines) = await OnTheTerminalAsync(() =>
            RunDiscordModeAsync(new Hashtable { ["HTTP_ADDRESS"] = "http://192.0.2.1:8080" }));

        Assert.That(exitCode, Is.EqualTo(ExitCodes.ConfigurationError));
        Assert.That(lines, Has.None.Contains("Hosting failed to start"), "the Generic Host's copy of our own line");
        Assert.That(lines.Where(l => l.Contains("cannot be used", StringComparison.Ordinal)).ToArray(), Has.Length.EqualTo(2), string.Join("\n", lines));
    }

    [TestCase("Plugins__WatcherDebounce", "abc", "Plugins:WatcherDebounce")]
    [TestCase("Llm__Deadline", "xyz", "Llm:Deadline")]
    [TestCase("Discord__Intents", "Bogus", "Discord:Intents")]
    [TestCase("Cluster__Rebalance", "maybe", "Cluster:Rebalance")]
    public async Task RunAsync_ASettingThatDoesNotConvert_PrintsOneLineNamingItAndExitsWithConfigurationError(string variable, string value, string key)
    {
        (int exitCode, string output) = await RunDiscordModeAsync(new Hashtable { ["HTTP_ADDRESS"] = "off", [variable] = value });

        Assert.That(exitCode, Is.EqualTo(ExitCodes.ConfigurationError), output);
        Assert.That(output, Does.StartWith("Configuration error: ").And.Contain(key).And.Contain($"'{value}'"));
        Assert.That(output, Does.Not.Contain('\n'), "one line, no stack trace");
    }

    [Test]
    public async Task RunAsync_InvalidPluginsJson_PrintsOnlyTheConfigurationErrorLineAndExitsWithConfigurationError()
    {
        (int exitCode, string[] lines) = await OnTheTerminalAsync(() =>
            RunDiscordModeAsync(new Hashtable { ["HTTP_ADDRESS"] = "off" }, pluginsJson: "{ \"watch\": false, \"bogus\": 1 }"));

        Assert.That(exitCode, Is.EqualTo(ExitCodes.ConfigurationError));
        Assert.That(lines, Has.Length.EqualTo(1), string.Join("\n", lines));
        Assert.That(lines[0], Does.StartWith("Configuration error: ").And.EndWith(
            "plugins.json: line 1, position 19: unknown key 'bogus' (known: pluginsDirectory, dataDirectory, watch, trust, loadOrder, cogs)"));
    }

    [Test]
    public async Task RunAsync_PluginsConfigPathNamesAnInvalidFile_PrintsOneLineNamingItAndExitsWithConfigurationError()
    {
        string other = Path.Combine(Directory.CreateTempSubdirectory("andyai-host-tests").FullName, "cogs.json");
        File.WriteAllText(other, "{ \"cogs\": { \"Dice\": { \"enabled\": \"no\" } } }");
        try
        {
            (int exitCode, string[] lines) = await OnTheTerminalAsync(() =>
                RunDiscordModeAsync(new Hashtable { ["HTTP_ADDRESS"] = "off", ["Plugins__ConfigPath"] = other }));

            Assert.That(exitCode, Is.EqualTo(ExitCodes.ConfigurationError));
            Assert.That(lines, Is.EqualTo(new[] { $"Configuration error: {other}: line 1, position 34: cogs.Dice.enabled must be true or false, found \"no\"" }));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(other)!, recursive: true);
        }
    }

    /// <summary>
    /// Every line the operator's terminal shows: the console log target's (Console.Out) and the fatal line (the
    /// host's error output, Console.Error in the real run).
    /// </summary>
    private static async Task<(int ExitCode, string[] Lines)> OnTheTerminalAsync(Func<Task<(int ExitCode, string Output)>> run)
    {
        using var console = new StringWriter();
        TextWriter stdout = Console.Out;
        TextWriter stderr = Console.Error;
        Console.SetOut(console);
        Console.SetError(console);
        try
        {
            (int exitCode, string output) = await run();
            return (exitCode, $"{console}\n{output}".Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }

    /// <summary>The host with a token (Discord mode) and Discord unreachable on loopback's discard port.</summary>
    private static async Task<(int ExitCode, string Output)> RunDiscordModeAsync(Hashtable extra, string pluginsJson = "{ \"pluginsDirectory\": \"plugins\", \"watch\": false }")
    {
        string root = Directory.CreateTempSubdirectory("andyai-host-tests").FullName;
        File.WriteAllText(Path.Combine(root, "plugins.json"), pluginsJson);
        using var errors = new StringWriter();
        var environment = new Hashtable
        {
            ["DISCORD_API_TOKEN"] = "abc.def.ghi",
            ["DISCORD_API_BASE_URL"] = "http://127.0.0.1:9/api",
            ["OPENAI_API_KEY"] = "test-key-123",
            ["PLUGINS_CONFIG"] = Path.Combine(root, "plugins.json"),
            ["LOG_FILE"] = Path.Combine(root, "andyai.log"),
        };
        foreach (DictionaryEntry entry in extra)
        {
            environment[entry.Key] = entry.Value;
        }

        try
        {
            using var hangGuard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            int exitCode = await AndyAIHost.RunAsync([], environment, errors, hangGuard.Token);
            return (exitCode, errors.ToString().TrimEnd());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
