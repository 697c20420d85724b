using System.Collections;
using AndyAI.Host.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Tests.Configuration;

public sealed class HostConfigurationTests
{
    private string _root = null!;

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), "andyai-config-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
        File.WriteAllText(Path.Combine(_root, "plugins.json"), "{}");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    [Test]
    public void Configure_FixedEnvironmentNames_MapOntoSectionKeys()
    {
        (IConfiguration configuration, _) = Configure(new Hashtable
        {
            ["DISCORD_API_TOKEN"] = "MTIz.discord.token",
            ["DISCORD_API_BASE_URL"] = "http://127.0.0.1:5000/api",
            ["OPENAI_API_KEY"] = "sk-test-key-123",
            ["OPENAI_BASE_URL"] = "http://127.0.0.1:5001/v1",
            ["OPENAI_MODEL"] = "gpt-test",
            ["ADMIN_USER_IDS"] = "11, 22",
        });

        Assert.Multiple(() =>
        {
            Assert.That(configuration["Discord:Token"], Is.EqualTo("MTIz.discord.token"));
            Assert.That(configuration["Discord:ApiBaseUrl"], Is.EqualTo("http://127.0.0.1:5000/api"));
            Assert.That(configuration["Llm:ApiKey"], Is.EqualTo("sk-test-key-123"));
            Assert.That(configuration["Llm:BaseUrl"], Is.EqualTo("http://127.0.0.1:5001/v1"));
            Assert.That(configuration["Llm:Model"], Is.EqualTo("gpt-test"));
            Assert.That(configuration["Commands:AdminUserIds"], Is.EqualTo("11, 22"));
        });
    }

    [Test]
    public void Configure_DotEnvFile_IsRead()
    {
        File.WriteAllText(Path.Combine(_root, ".env"), "OPENAI_MODEL=from-dotenv\nCache__MaxEntries=42\n");

        (IConfiguration configuration, _) = Configure([]);

        Assert.That(configuration["Llm:Model"], Is.EqualTo("from-dotenv"));
        Assert.That(configuration["Cache:MaxEntries"], Is.EqualTo("42"));
    }

    [Test]
    public void Configure_RealEnvironmentAndDotEnvDisagree_RealEnvironmentWins()
    {
        File.WriteAllText(Path.Combine(_root, ".env"), "OPENAI_MODEL=from-dotenv\nCache__MaxEntries=42\n");

        (IConfiguration configuration, _) = Configure(new Hashtable { ["OPENAI_MODEL"] = "from-env", ["Cache__MaxEntries"] = "7" });

        Assert.That(configuration["Llm:Model"], Is.EqualTo("from-env"));
        Assert.That(configuration["Cache:MaxEntries"], Is.EqualTo("7"));
    }

    [Test]
    public void Configure_NoToken_IsSandboxMode()
    {
        (_, HostSettings settings) = Configure([]);

        Assert.That(settings.Mode, Is.EqualTo(BotMode.Sandbox));
    }

    [Test]
    public void Configure_EmptyTokenInDotEnv_IsSandboxMode()
    {
        File.WriteAllText(Path.Combine(_root, ".env"), "DISCORD_API_TOKEN=\n");

        (IConfiguration configuration, HostSettings settings) = Configure([]);

        Assert.That(settings.Mode, Is.EqualTo(BotMode.Sandbox));
        Assert.That(configuration["Discord:Token"], Is.Null);
    }

    [Test]
    public void Configure_TokenAndApiKey_IsDiscordMode()
    {
        (_, HostSettings settings) = Configure(new Hashtable { ["DISCORD_API_TOKEN"] = "abc.def.ghi", ["OPENAI_API_KEY"] = "sk-1234567" });

        Assert.That(settings.Mode, Is.EqualTo(BotMode.Discord));
    }

    [Test]
    public void Configure_Defaults_AreResolvedAgainstTheContentRoot()
    {
        (IConfiguration configuration, HostSettings settings) = Configure([]);

        Assert.Multiple(() =>
        {
            Assert.That(settings.LogFile, Is.EqualTo(Path.Combine(_root, "run", "logs", "andyai.log")));
            Assert.That(settings.PluginsConfigPath, Is.EqualTo(Path.Combine(_root, "plugins.json")));
            Assert.That(settings.MinimumLevel, Is.EqualTo(LogLevel.Information));
            Assert.That(settings.AdminUserIds, Is.Empty);
            Assert.That(settings.ShutdownTimeout, Is.EqualTo(HostSettings.DefaultShutdownTimeout));
            Assert.That(configuration["PLUGINS_CONFIG"], Is.EqualTo(settings.PluginsConfigPath));
            Assert.That(configuration["Plugins:ConfigPath"], Is.EqualTo(settings.PluginsConfigPath), "the cog supervisor reads the same file");
            Assert.That(settings.DataDirectory, Is.EqualTo(Path.Combine(_root, "run", "data")));
            Assert.That(configuration["Host:Mode"], Is.EqualTo("Sandbox"));
        });
    }

    [Test]
    public void Configure_PluginsConfigPathSet_ItIsThePluginsFileAndGivesTheDataDirectory()
    {
        // The cogs load from Plugins:ConfigPath's file (docs/plugins.md); the database, the dashboard token and the
        // dashboard's /config used PLUGINS_CONFIG's, so the two could disagree on where the data lives.
        Directory.CreateDirectory(Path.Combine(_root, "other"));
        File.WriteAllText(Path.Combine(_root, "other", "cogs.json"), "{ \"dataDirectory\": \"state\" }");

        (IConfiguration configuration, HostSettings settings) = Configure(new Hashtable { ["Plugins__ConfigPath"] = "other/cogs.json" });

        Assert.Multiple(() =>
        {
            Assert.That(settings.PluginsConfigPath, Is.EqualTo(Path.Combine(_root, "other", "cogs.json")));
            Assert.That(settings.DataDirectory, Is.EqualTo(Path.Combine(_root, "other", "state")));
            Assert.That(configuration["Plugins:ConfigPath"], Is.EqualTo(settings.PluginsConfigPath), "absolute, resolved against the content root");
        });
    }

    [TestCase(null, "http://127.0.0.1:8080/")]
    [TestCase("OFF", null)]
    [TestCase("http://0.0.0.0:9090", "http://0.0.0.0:9090/")]
    [TestCase("http://[::1]:0", "http://[::1]:0/")]
    [TestCase("http://localhost:8081", "http://localhost:8081/")]
    public void Configure_HttpAddress_DefaultOffOrHostAndPort(string? value, string? expected)
    {
        (_, HostSettings settings) = Configure(value is null ? [] : new Hashtable { ["HTTP_ADDRESS"] = value });

        Assert.That(settings.HttpAddress?.ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void Configure_DashboardTokenAndLogFormat_AreReadAndTheTokenIsMasked()
    {
        (IConfiguration configuration, HostSettings settings) = Configure(new Hashtable { ["DASHBOARD_TOKEN"] = "a-long-dashboard-token", ["LOG_FORMAT"] = "JSON" });

        Assert.That(settings.DashboardToken, Is.EqualTo("a-long-dashboard-token"));
        Assert.That(settings.LogFormat, Is.EqualTo(LogFormat.Json));
        Assert.That(settings.Secrets.Redact("token a-long-dashboard-token"), Is.EqualTo("token ***"));
        Assert.That(ConfigurationDump.Format(configuration, settings.Secrets.Current), Does.Contain("DASHBOARD_TOKEN = ***"));
    }

    [Test]
    public void Configure_ShortDashboardTokenWithTheListenerOff_IsIgnoredNotAFailure()
    {
        (_, HostSettings settings) = Configure(new Hashtable { ["HTTP_ADDRESS"] = "off", ["DASHBOARD_TOKEN"] = "short" });

        Assert.Multiple(() =>
        {
            Assert.That(settings.HttpAddress, Is.Null);
            Assert.That(settings.DashboardToken, Is.Null);
            Assert.That(settings.DashboardTokenIgnored, Is.True, "the host logs a Warning at start");
        });
    }

    [Test]
    public void Configure_DashboardTokenWithTheListenerOn_IsNotIgnored()
    {
        (_, HostSettings settings) = Configure(new Hashtable { ["DASHBOARD_TOKEN"] = "a-long-dashboard-token" });

        Assert.That(settings.DashboardTokenIgnored, Is.False);
    }

    [TestCase("debug", LogLevel.Debug)]
    [TestCase("INFO", LogLevel.Information)]
    [TestCase("Warning", LogLevel.Warning)]
    [TestCase("WARN", LogLevel.Warning)]
    [TestCase("fatal", LogLevel.Critical)]
    [TestCase("Trace", LogLevel.Trace)]
    public void Configure_LogLevel_AcceptsDotNetAndSeedNames(string value, LogLevel expected)
    {
        (_, HostSettings settings) = Configure(new Hashtable { ["LOG_LEVEL"] = value });

        Assert.That(settings.MinimumLevel, Is.EqualTo(expected));
    }

    [Test]
    public void Configure_AdminUserIds_AreParsedAndDeduplicated()
    {
        (_, HostSettings settings) = Configure(new Hashtable { ["ADMIN_USER_IDS"] = " 11,22,,11 " });

        Assert.That(settings.AdminUserIds, Is.EqualTo(new ulong[] { 11, 22 }));
    }

    [Test]
    public void Configure_LogFileThatCannotBeWritten_ThrowsOneLineNamingIt()
    {
        // Its folder would have to be inside a file (root may write anywhere, so a permission test proves nothing here).
        File.WriteAllText(Path.Combine(_root, "not-a-folder"), "");

        var exception = Assert.Throws<ConfigurationException>(() => Configure(new Hashtable { ["LOG_FILE"] = "not-a-folder/andyai.log" }));

        Assert.That(exception!.Message, Does.StartWith("LOG_FILE is 'not-a-folder/andyai.log', which cannot be written (").And.EndWith("give a file this user can write, such as run/logs/andyai.log"));
    }

    [Test]
    public void Configure_LogFile_IsCreatedWhereItWillBeWritten()
    {
        (_, HostSettings settings) = Configure(new Hashtable { ["LOG_FILE"] = "deep/logs/andyai.log" });

        Assert.That(settings.LogFile, Is.EqualTo(Path.Combine(_root, "deep", "logs", "andyai.log")));
        Assert.That(File.Exists(settings.LogFile), Is.True, "the probe creates it, as the first log line would");
    }

    [TestCase("LOG_LEVEL", "loud", "LOG_LEVEL is 'loud'; expected Trace, Debug")]
    [TestCase("ADMIN_USER_IDS", "11,bob", "ADMIN_USER_IDS (Commands:AdminUserIds) contains 'bob'")]
    [TestCase("OPENAI_BASE_URL", "localhost:11434", "OPENAI_BASE_URL (Llm:BaseUrl) is 'localhost:11434'; expected an absolute http:// or https:// URL")]
    [TestCase("DISCORD_API_BASE_URL", "ftp://x/api", "DISCORD_API_BASE_URL (Discord:ApiBaseUrl) is 'ftp://x/api'")]
    [TestCase("PLUGINS_CONFIG", "missing.json", "PLUGINS_CONFIG names 'missing.json', which does not exist")]
    [TestCase("Plugins__ConfigPath", "missing.json", "Plugins:ConfigPath names 'missing.json', which does not exist")]
    [TestCase("LOG_FILE", "logs/", "LOG_FILE is 'logs/', a directory")]
    [TestCase("Host__ShutdownTimeout", "forever", "Host:ShutdownTimeout is 'forever'")]
    [TestCase("HTTP_ADDRESS", "8080", "HTTP_ADDRESS is '8080'; expected off or http://host:port")]
    [TestCase("HTTP_ADDRESS", "https://127.0.0.1:8443", "HTTP_ADDRESS is 'https://127.0.0.1:8443'; expected off or http://host:port")]
    [TestCase("HTTP_ADDRESS", "http://127.0.0.1", "HTTP_ADDRESS is 'http://127.0.0.1'; expected off")]
    [TestCase("HTTP_ADDRESS", "http://example.com:8080", "HTTP_ADDRESS is 'http://example.com:8080'; expected off")]
    [TestCase("HTTP_ADDRESS", "http://127.0.0.1:8080/dashboard", "HTTP_ADDRESS is 'http://127.0.0.1:8080/dashboard'; expected off")]
    [TestCase("DASHBOARD_TOKEN", "short", "DASHBOARD_TOKEN is shorter than 16 characters")]
    [TestCase("LOG_FORMAT", "xml", "LOG_FORMAT is 'xml'; expected text or json")]
    public void Configure_MalformedSetting_ThrowsOneLineNamingIt(string variable, string value, string expected)
    {
        var exception = Assert.Throws<ConfigurationException>(() => Configure(new Hashtable { [variable] = value }));

        Assert.That(exception!.Message, Does.StartWith(expected));
        Assert.That(exception.Message, Does.Not.Contain('\n'));
    }

    [Test]
    public void Configure_PluginsConfigIsADirectory_SaysAFileIsExpected()
    {
        Directory.CreateDirectory(Path.Combine(_root, "conf"));

        var exception = Assert.Throws<ConfigurationException>(() => Configure(new Hashtable { ["PLUGINS_CONFIG"] = "conf" }));

        Assert.That(exception!.Message, Does.StartWith("PLUGINS_CONFIG is 'conf', which is a directory; give the path of a file"));
        Assert.That(exception.Message, Does.Not.Contain("does not exist"));
    }

    [Test]
    public void Configure_TokenWithoutLlm_ThrowsNamingTheMissingSetting()
    {
        var exception = Assert.Throws<ConfigurationException>(() => Configure(new Hashtable { ["DISCORD_API_TOKEN"] = "abc.def.ghi" }));

        Assert.That(exception!.Message, Does.StartWith("OPENAI_API_KEY is required when DISCORD_API_TOKEN is set"));
    }

    [Test]
    public void Configure_TokenWithBotPrefix_ThrowsWithoutEchoingTheToken()
    {
        var exception = Assert.Throws<ConfigurationException>(() =>
            Configure(new Hashtable { ["DISCORD_API_TOKEN"] = "Bot abc.secretpart.ghi", ["OPENAI_API_KEY"] = "sk-1234567" }));

        Assert.That(exception!.Message, Does.Contain("DISCORD_API_TOKEN"));
        Assert.That(exception.Message, Does.Not.Contain("secretpart"));
    }

    [Test]
    public void Configure_MalformedDotEnv_ThrowsNamingFileAndLine()
    {
        File.WriteAllText(Path.Combine(_root, ".env"), "GOOD=1\nthis is not a setting\n");

        var exception = Assert.Throws<ConfigurationException>(() => Configure([]));

        Assert.That(exception!.Message, Is.EqualTo($"{Path.Combine(_root, ".env")}, line 2: expected KEY=VALUE"));
    }

    [Test]
    public void Configure_Secrets_AreCollectedForMasking()
    {
        (_, HostSettings settings) = Configure(new Hashtable
        {
            ["DISCORD_API_TOKEN"] = "abc.def.ghi-token",
            ["OPENAI_API_KEY"] = "sk-abcdefgh",
            ["Cache__Redis__ConnectionString"] = "redis-password-xyz",
        });

        Assert.That(settings.Secrets.Current, Is.SupersetOf(new[] { "abc.def.ghi-token", "sk-abcdefgh", "redis-password-xyz" }));
    }

    [Test]
    public void Configure_ClusterVariables_MapOntoClusterAndTheRedisPasswordIsMasked()
    {
        (IConfiguration configuration, HostSettings settings) = Configure(new Hashtable
        {
            ["REDIS_URL"] = "127.0.0.1:6380,password=redis-secret-99",
            ["SHARD_COUNT"] = "4",
            ["SHARD_IDS"] = "0,2",
            ["INSTANCE_NAME"] = "bot-a",
        });

        Assert.That(configuration["Cluster:RedisUrl"], Is.EqualTo("127.0.0.1:6380,password=redis-secret-99"));
        Assert.That(configuration["Cluster:ShardCount"], Is.EqualTo("4"));
        Assert.That(configuration["Cluster:ShardIds"], Is.EqualTo("0,2"));
        Assert.That(configuration["Cluster:InstanceName"], Is.EqualTo("bot-a"));
        Assert.That(settings.Secrets.Redact("connecting with redis-secret-99"), Is.EqualTo("connecting with ***"));
    }

    [Test]
    public void Configure_ShortPasswords_AreMaskedWhereTheyStandAsAValue()
    {
        (_, HostSettings settings) = Configure(new Hashtable
        {
            ["DATABASE_URL"] = "postgres://bot:pw1@127.0.0.1:5432/andyai",
            ["REDIS_URL"] = "127.0.0.1:6380,password=pw2",
        });

        Assert.Multiple(() =>
        {
            Assert.That(settings.Secrets.Redact("Host=127.0.0.1;Username=bot;Password=pw1;Database=andyai"),
                Is.EqualTo("Host=127.0.0.1;Username=bot;Password=***;Database=andyai"));
            Assert.That(settings.Secrets.Redact("connecting to postgres://bot:pw1@127.0.0.1:5432/andyai"),
                Is.EqualTo("connecting to postgres://***@127.0.0.1:5432/andyai"));
            Assert.That(settings.Secrets.Redact("127.0.0.1:6380,password=pw2,ssl=False"), Is.EqualTo("127.0.0.1:6380,password=***,ssl=False"));
            Assert.That(settings.Secrets.Redact("pw1 and pw2 in free text"), Is.EqualTo("pw1 and pw2 in free text"), "too short to mask everywhere");
        });
    }

    [Test]
    public void ContentRoot_StartedInASubfolder_FindsTheFolderWithPluginsJson()
    {
        string sub = Directory.CreateDirectory(Path.Combine(_root, "Host", "bin")).FullName;

        string root = ContentRoot.Resolve(sub, sub);

        Assert.That(root, Is.EqualTo(_root));
    }

    [Test]
    public void Configure_ModelKeyVariable_IsReadFromTheEnvironmentOrDotEnv_AndMaskedAsASecret()
    {
        File.WriteAllText(Path.Combine(_root, ".env"), "LOCAL_LLM_KEY=from-dotenv-key-1234\n");

        (IConfiguration configuration, HostSettings settings) = Configure(new Hashtable
        {
            ["Llm__Models__fast__ApiKeyVariable"] = "GROQ_API_KEY",
            ["GROQ_API_KEY"] = "gsk-from-the-environment-1234",
            ["Llm__Models__local__ApiKeyVariable"] = "LOCAL_LLM_KEY",
            ["Llm__Models__missing__ApiKeyVariable"] = "NOT_SET_ANYWHERE",
            ["Llm__Models__direct__ApiKeyVariable"] = "GROQ_API_KEY",
            ["Llm__Models__direct__ApiKey"] = "sk-direct-wins-1234",
        });

        Assert.Multiple(() =>
        {
            Assert.That(configuration["Llm:Models:fast:ApiKey"], Is.EqualTo("gsk-from-the-environment-1234"));
            Assert.That(configuration["Llm:Models:local:ApiKey"], Is.EqualTo("from-dotenv-key-1234"));
            Assert.That(configuration["Llm:Models:missing:ApiKey"], Is.Null, "the options validator names the variable");
            Assert.That(configuration["Llm:Models:direct:ApiKey"], Is.EqualTo("sk-direct-wins-1234"));
            Assert.That(settings.Secrets.Redact("key gsk-from-the-environment-1234"), Does.Not.Contain("gsk-from-the-environment-1234"));
        });
    }

    private (IConfiguration Configuration, HostSettings Settings) Configure(Hashtable environment)
    {
        var manager = new ConfigurationManager();
        HostSettings settings = HostConfiguration.Configure(manager, _root, environment, []);
        return (manager, settings);
    }
}
