using AndyAI.Host.Configuration;
using AndyAI.Host.Logging;
using Microsoft.Extensions.Logging;
using NLog.Extensions.Logging;

namespace AndyAI.Host.Tests.Logging;

public sealed class NLogSetupTests
{
    private const string Token = "MTA5.discord-secret.token";
    private const string ApiKey = "sk-proj-very-secret-key";

    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "andyai-nlog-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Create_RepositoryConfig_WritesToTheFixedLogFile()
    {
        string logFile = Path.Combine(_dir, "logs", "andyai.log");
        NLog.LogFactory factory = NLogSetup.Create(RepositoryConfig(), logFile, LogLevel.Information, new SecretRegistry([]));

        using (ILoggerFactory loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddNLog(_ => factory)))
        {
            ILogger logger = loggers.CreateLogger("AndyAI.Test");
            logger.LogInformation("hello file");
            logger.LogDebug("below the level");
        }

        factory.Shutdown();

        string text = File.ReadAllText(logFile);
        Assert.That(text, Does.Contain("hello file"));
        Assert.That(text, Does.Not.Contain("below the level"));
    }

    [Test]
    public void Create_SecretsLoggedAtEveryLevel_NeverReachTheFile()
    {
        string logFile = Path.Combine(_dir, "andyai.log");
        NLog.LogFactory factory = NLogSetup.Create(RepositoryConfig(), logFile, LogLevel.Trace, new SecretRegistry([Token, ApiKey]));

        using (ILoggerFactory loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddNLog(_ => factory)))
        {
            ILogger logger = loggers.CreateLogger("AndyAI.Test");
            foreach (LogLevel level in new[] { LogLevel.Trace, LogLevel.Debug, LogLevel.Information, LogLevel.Warning, LogLevel.Error, LogLevel.Critical })
            {
                logger.Log(level, "level {Level}: token {Token} and key {Key}", level, Token, ApiKey);
                logger.Log(level, new HttpRequestException($"401 for Bot {Token} at https://api/?key={ApiKey}"), "request failed at {Level}", level);
            }
        }

        factory.Shutdown();

        string text = File.ReadAllText(logFile);
        Assert.That(text, Does.Contain("level Critical: token *** and key ***"));
        Assert.That(text, Does.Contain("401 for Bot *** at https://api/?key=***"));
        Assert.That(text, Does.Not.Contain(Token));
        Assert.That(text, Does.Not.Contain(ApiKey));
    }

    [Test]
    public void Create_FileTooLarge_ArchivesAndKeepsTheCurrentFileName()
    {
        string config = Path.Combine(_dir, "nlog.config");
        File.WriteAllText(config, File.ReadAllText(RepositoryConfig()).Replace("archiveAboveSize=\"10485760\"", "archiveAboveSize=\"2000\"", StringComparison.Ordinal));
        string logFile = Path.Combine(_dir, "andyai.log");
        NLog.LogFactory factory = NLogSetup.Create(config, logFile, LogLevel.Information, new SecretRegistry([]));

        using (ILoggerFactory loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddNLog(_ => factory)))
        {
            ILogger logger = loggers.CreateLogger("AndyAI.Test");
            for (int i = 0; i < 100; i++)
            {
                logger.LogInformation("line {Number} {Padding}", i, new string('x', 80));
                factory.Flush();
            }

            logger.LogInformation("the very last line");
        }

        factory.Shutdown();

        string[] files = Directory.GetFiles(_dir, "andyai*.log").Select(Path.GetFileName).ToArray()!;
        Assert.That(files, Does.Contain("andyai.log"));
        Assert.That(files, Has.Length.GreaterThan(1), "older lines were moved to numbered archives");
        Assert.That(File.ReadAllText(logFile), Does.Contain("the very last line"));
    }

    [Test]
    public void Create_UserTextWithLineBreaksAndControlCharacters_StaysOnItsOwnLine()
    {
        // A username or a prompt (logContent) is the user's text: a line break in it must not start a line that looks
        // like the bot's own, nor may an escape sequence reach the operator's terminal.
        const string Forged = "alice\n2026-12-08 01:00:00.0000 ERROR AndyAI.Host | owner token leaked\r\u001B[2J\u2028x";
        string logFile = Path.Combine(_dir, "andyai.log");
        NLog.LogFactory factory = NLogSetup.Create(RepositoryConfig(), logFile, LogLevel.Information, new SecretRegistry([]));

        using (ILoggerFactory loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddNLog(_ => factory)))
        {
            ILogger logger = loggers.CreateLogger("AndyAI.Test");
            logger.LogWarning("User {Username} was denied\twith a tab", Forged);
        }

        factory.Shutdown();

        string[] lines = File.ReadAllLines(logFile);
        Assert.That(lines, Has.Length.EqualTo(1));
        Assert.That(lines[0], Does.EndWith(@"| User alice\n2026-12-08 01:00:00.0000 ERROR AndyAI.Host | owner token leaked\r\u001B[2J\u2028x was denied" + "\twith a tab"));
    }

    [Test]
    public void Create_MissingConfigFile_ThrowsConfigurationError()
    {
        Assert.That(() => NLogSetup.Create(Path.Combine(_dir, "nope.config"), Path.Combine(_dir, "a.log"), LogLevel.Information, new SecretRegistry([])),
            Throws.TypeOf<AndyAI.Host.Configuration.ConfigurationException>().With.Message.Contains("nope.config"));
    }

    [Test]
    public void Create_JsonFormat_WritesOneMaskedJsonObjectPerLine()
    {
        string logFile = Path.Combine(_dir, "andyai.log");
        NLog.LogFactory factory = NLogSetup.Create(RepositoryConfig(), logFile, LogLevel.Information, new SecretRegistry([Token]), format: LogFormat.Json);

        using (ILoggerFactory loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddNLog(_ => factory)))
        {
            ILogger logger = loggers.CreateLogger("AndyAI.Test");
            logger.LogInformation("hello \"json\" with {Token}", Token);
            logger.LogError(new InvalidOperationException("boom"), "failed");
        }

        factory.Shutdown();

        string[] lines = File.ReadAllLines(logFile);
        Assert.That(lines, Has.Length.EqualTo(2));
        using System.Text.Json.JsonDocument first = System.Text.Json.JsonDocument.Parse(lines[0]);
        using System.Text.Json.JsonDocument second = System.Text.Json.JsonDocument.Parse(lines[1]);
        Assert.That(first.RootElement.GetProperty("level").GetString(), Is.EqualTo("INFO"));
        Assert.That(first.RootElement.GetProperty("logger").GetString(), Is.EqualTo("AndyAI.Test"));
        Assert.That(first.RootElement.GetProperty("message").GetString(), Is.EqualTo("hello \"json\" with ***"));
        Assert.That(DateTimeOffset.TryParse(first.RootElement.GetProperty("time").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _), Is.True);
        Assert.That(second.RootElement.GetProperty("exception").GetString(), Does.Contain("InvalidOperationException: boom"));
        Assert.That(File.ReadAllText(logFile), Does.Not.Contain(Token));
    }

    [Test]
    public void Create_JsonFormat_SecretWithCharactersJsonEscapes_IsStillMasked()
    {
        // A database password may hold anything; the JSON layout escapes quotes and backslashes,
        // so the escaped form, not the raw secret, is what reaches the line.
        const string Password = "pä\\ss\"wörd/1";
        string logFile = Path.Combine(_dir, "andyai.log");
        NLog.LogFactory factory = NLogSetup.Create(RepositoryConfig(), logFile, LogLevel.Information, new SecretRegistry([Password]), format: LogFormat.Json);

        using (ILoggerFactory loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddNLog(_ => factory)))
        {
            ILogger logger = loggers.CreateLogger("AndyAI.Test");
            logger.LogWarning("connect failed for {Connection}", $"Password={Password};Host=db");
            logger.LogError(new InvalidOperationException($"auth failed with {Password}"), "failed");
        }

        factory.Shutdown();

        string[] lines = File.ReadAllLines(logFile);
        using System.Text.Json.JsonDocument first = System.Text.Json.JsonDocument.Parse(lines[0]);
        using System.Text.Json.JsonDocument second = System.Text.Json.JsonDocument.Parse(lines[1]);
        Assert.That(first.RootElement.GetProperty("message").GetString(), Is.EqualTo("connect failed for Password=***;Host=db"));
        Assert.That(second.RootElement.GetProperty("exception").GetString(), Does.Contain("auth failed with ***"));
        Assert.That(second.RootElement.GetProperty("exception").GetString(), Does.Not.Contain(Password));
    }

    [Test]
    public void Create_RecentTarget_KeepsWarningsAndErrorsMaskedNewestFirst()
    {
        var recent = new RecentLogTarget(capacity: 2);
        NLog.LogFactory factory = NLogSetup.Create(RepositoryConfig(), Path.Combine(_dir, "andyai.log"), LogLevel.Information, new SecretRegistry([Token]), recent: recent);

        using (ILoggerFactory loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddNLog(_ => factory)))
        {
            ILogger logger = loggers.CreateLogger("AndyAI.Test");
            logger.LogInformation("not kept");
            logger.LogWarning("first warning");
            logger.LogWarning("second {Token}", Token);
            logger.LogError("third");
        }

        factory.Shutdown();

        IReadOnlyList<RecentLogEntry> entries = recent.Snapshot();
        Assert.That(entries.Select(e => e.Text), Is.EqualTo(new[] { "third", "second ***" }), "the capacity keeps the newest, masked");
        Assert.That(entries[0].Level, Is.EqualTo("Error"));
    }

    private static string RepositoryConfig()
    {
        string config = Path.Combine(AppContext.BaseDirectory, NLogSetup.ConfigFileName);
        Assert.That(File.Exists(config), Is.True, "nlog.config is copied to the output folder");
        return config;
    }
}
