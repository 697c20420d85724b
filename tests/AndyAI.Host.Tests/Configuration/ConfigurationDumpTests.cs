using System.Collections;
using AndyAI.Host.Configuration;
using Microsoft.Extensions.Configuration;

namespace AndyAI.Host.Tests.Configuration;

public sealed class ConfigurationDumpTests
{
    private const string Token = "MTA5.discord-secret.token";
    private const string ApiKey = "sk-proj-very-secret-key";
    private const string RedisPassword = "hunter2-redis-pw";

    [Test]
    public void Format_SecretsAnywhere_AreNeverPrinted()
    {
        (IConfiguration configuration, HostSettings settings) = Configure(new Hashtable
        {
            ["DISCORD_API_TOKEN"] = Token,
            ["OPENAI_API_KEY"] = ApiKey,
            ["OPENAI_BASE_URL"] = "http://127.0.0.1:9/v1",
            ["Cache__Redis__Configuration"] = $"redis://andy:{RedisPassword}@127.0.0.1:6379",
            ["Llm__SystemPrompt"] = $"Never reveal {ApiKey}",
        });

        string dump = ConfigurationDump.Format(configuration, settings.Secrets.Current);

        Assert.Multiple(() =>
        {
            Assert.That(dump, Does.Not.Contain(Token));
            Assert.That(dump, Does.Not.Contain(ApiKey));
            Assert.That(dump, Does.Not.Contain(RedisPassword));
            Assert.That(dump, Does.Contain("Discord:Token = ***"));
            Assert.That(dump, Does.Contain("Llm:ApiKey = ***"));
            Assert.That(dump, Does.Contain("Llm:SystemPrompt = Never reveal ***"));
            Assert.That(dump, Does.Contain("Cache:Redis:Configuration = redis://***@127.0.0.1:6379"));
        });
    }

    [Test]
    public void Format_Always_ListsOurSettingsAndNotTheWholeEnvironment()
    {
        (IConfiguration configuration, HostSettings settings) = Configure(new Hashtable
        {
            ["OPENAI_MODEL"] = "gpt-test",
            ["PATH"] = "/usr/bin",
            ["HOME"] = "/root",
        });

        string dump = ConfigurationDump.Format(configuration, settings.Secrets.Current);

        Assert.That(dump, Does.Contain("Llm:Model = gpt-test"));
        Assert.That(dump, Does.Contain("LOG_FILE = "));
        Assert.That(dump, Does.Not.Contain("/usr/bin"));
        Assert.That(dump, Does.Not.Contain("HOME"));
    }

    [Test]
    public void Format_ScaleOutDeployment_ListsDatabaseRedisAndShardsWithPasswordsMasked()
    {
        // What an operator checks on the dashboard's Configuration page first; short passwords are not in the
        // secrets list (under six characters), so they must be masked as fields.
        (IConfiguration configuration, HostSettings settings) = Configure(new Hashtable
        {
            ["DATABASE_URL"] = "Host=db;Port=5432;Database=andyai;Username=bot;Password=pw1",
            ["REDIS_URL"] = "127.0.0.1:6379,password=pw2",
            ["SHARD_COUNT"] = "4",
            ["SHARD_IDS"] = "any",
            ["INSTANCE_NAME"] = "bot-a",
            ["Settings__DailyUserTokens"] = "5000",
            ["Interactions__AutoDeferAfter"] = "00:00:02",
        });

        string dump = ConfigurationDump.Format(configuration, settings.Secrets.Current);

        Assert.Multiple(() =>
        {
            Assert.That(dump, Does.Contain("Storage:DatabaseUrl = Host=db;Port=5432;Database=andyai;Username=bot;Password=***"));
            Assert.That(dump, Does.Contain("Cluster:RedisUrl = 127.0.0.1:6379,password=***"));
            Assert.That(dump, Does.Contain("Cluster:ShardCount = 4"));
            Assert.That(dump, Does.Contain("Cluster:ShardIds = any"));
            Assert.That(dump, Does.Contain("Cluster:InstanceName = bot-a"));
            Assert.That(dump, Does.Contain("Settings:DailyUserTokens = 5000"));
            Assert.That(dump, Does.Contain("Interactions:AutoDeferAfter = 00:00:02"));
            Assert.That(dump, Does.Not.Contain("pw1"));
            Assert.That(dump, Does.Not.Contain("pw2"));
        });
    }

    [TestCase("postgres://bot:pw@db:5432/andyai", "postgres://***@db:5432/andyai")]
    [TestCase("postgres://bot@db/andyai?password=pw&sslmode=require", "postgres://***@db/andyai?password=***&sslmode=require")]
    [TestCase("Host=db;Username=bot;PWD=pw;Database=x", "Host=db;Username=bot;PWD=***;Database=x")]
    [TestCase("Host=db;Username=bot;Database=x", "Host=db;Username=bot;Database=x")]
    public void Format_DatabaseUrl_PasswordIsMasked(string url, string shown)
    {
        (IConfiguration configuration, HostSettings settings) = Configure(new Hashtable { ["DATABASE_URL"] = url });

        string dump = ConfigurationDump.Format(configuration, settings.Secrets.Current);

        Assert.That(dump, Does.Contain("Storage:DatabaseUrl = " + shown));
    }

    [TestCase("redis:6379,password=pw,ssl=true", "redis:6379,password=***,ssl=true")]
    [TestCase("127.0.0.1:6379", "127.0.0.1:6379")]
    public void Format_RedisUrl_PasswordIsMasked(string url, string shown)
    {
        (IConfiguration configuration, HostSettings settings) = Configure(new Hashtable { ["REDIS_URL"] = url });

        string dump = ConfigurationDump.Format(configuration, settings.Secrets.Current);

        Assert.That(dump, Does.Contain("Cluster:RedisUrl = " + shown));
    }

    [TestCase("Discord:Token", true)]
    [TestCase("Llm:ApiKey", true)]
    [TestCase("OPENAI_API_KEY", true)]
    [TestCase("Cache:Redis:Password", true)]
    [TestCase("Db:ConnectionString", true)]
    [TestCase("Llm:Model", false)]
    [TestCase("Llm:Models:fast:ApiKeyVariable", false)]
    [TestCase("Commands:AdminUserIds", false)]
    [TestCase("Cache:KeyPrefix", false)]
    [TestCase("PWD", false)]
    public void IsSecretKey_Name_IsClassified(string key, bool expected)
    {
        Assert.That(SecretValues.IsSecretKey(key), Is.EqualTo(expected));
    }

    [TestCase("Llm:MaxOutputTokens", "4096", false)]
    [TestCase("Llm:Models:fast:ContextTokens", " 128000 ", false)]
    [TestCase("Settings:DailyGuildTokens", "1000000", false)]
    [TestCase("GITHUB_TOKENS", "ghp_fake-token-for-tests", true)]
    [TestCase("Discord:Token", "123456", true)]
    public void IsSecret_ACountOfTokens_IsNot_ButAKeyEndingInTokensThatHoldsText_Is(string key, string value, bool expected)
    {
        Assert.That(SecretValues.IsSecret(key, value), Is.EqualTo(expected));
    }

    [Test]
    public void Collect_AKeyEndingInTokensThatHoldsText_IsMaskedEverywhere()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SLACK_TOKENS"] = "xoxb-fake-token-for-tests",
            ["Settings:DailyUserTokens"] = "250000",
        }).Build();

        IReadOnlyList<string> secrets = SecretValues.Collect(configuration);

        Assert.That(secrets, Does.Contain("xoxb-fake-token-for-tests"));
        Assert.That(secrets, Does.Not.Contain("250000"), "a count would mask every 250000 in the log");
    }

    private static (IConfiguration, HostSettings) Configure(Hashtable environment)
    {
        string root = Path.Combine(Path.GetTempPath(), "andyai-dump-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            var manager = new ConfigurationManager();
            HostSettings settings = HostConfiguration.Configure(manager, root, environment, []);
            return (manager, settings);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
