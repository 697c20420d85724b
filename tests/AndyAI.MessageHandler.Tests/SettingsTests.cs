using System.Text.Json;

namespace AndyAI.Cogs.MessageHandler.Tests;

public sealed class SettingsTests
{
    [Test]
    public void Ctor_EnsureDefaultValues()
    {
        var settings = new MessageHandlerSettings();

        Assert.Multiple(() =>
        {
            Assert.That(settings.SystemPrompt, Is.Null);
            Assert.That(settings.Model, Is.Null);
            Assert.That(settings.MaxPromptLength, Is.EqualTo(4000));
            Assert.That(settings.HistoryMaxMessages, Is.EqualTo(10));
            Assert.That(settings.HistoryMaxCharacters, Is.EqualTo(8000));
            Assert.That(settings.Streaming, Is.True);
            Assert.That(settings.StreamEditIntervalMs, Is.EqualTo(1000));
            Assert.That(settings.CacheTtlSeconds, Is.EqualTo(3600));
            Assert.That(settings.UserRateLimit, Is.Null);
            Assert.That(settings.GuildRateLimit, Is.Null);
            Assert.That(settings.AllowedGuildIds, Is.Empty);
            Assert.That(settings.AllowedChannelIds, Is.Empty);
            Assert.That(settings.DirectMessages, Is.True);
            Assert.That(settings.LogContent, Is.False);
            Assert.That(settings.Validate(), Is.Empty);
        });
    }

    [TestCase("{}")]
    [TestCase("null")]
    public void Load_EmptyOrNull_GivesDefaults(string json)
    {
        MessageHandlerSettings settings = MessageHandlerSettings.Load(Parse(json));

        Assert.That(settings.MaxPromptLength, Is.EqualTo(4000));
    }

    [Test]
    public void Load_Undefined_GivesDefaults()
    {
        Assert.That(MessageHandlerSettings.Load(default).Streaming, Is.True);
    }

    [Test]
    public void Load_EveryKey_IsRead()
    {
        const string json = """
            {
              // comments and trailing commas are fine in plugins.json
              "systemPrompt": "Be brief.",
              "model": "gpt-test",
              "maxPromptLength": 500,
              "historyMaxMessages": 3,
              "historyMaxCharacters": 900,
              "streaming": false,
              "streamEditIntervalMs": 1500,
              "cacheTtlSeconds": 0,
              "userRateLimit": { "capacity": 2, "tokensPerPeriod": 1, "periodSeconds": 12 },
              "guildRateLimit": { "capacity": 20, "periodSeconds": 1.5 },
              "allowedGuildIds": [ "300", 301 ],
              "allowedChannelIds": [ "123456789012345678" ],
              "directMessages": false,
              "LogContent": true,
            }
            """;

        MessageHandlerSettings settings = MessageHandlerSettings.Load(Parse(json));

        Assert.Multiple(() =>
        {
            Assert.That(settings.SystemPrompt, Is.EqualTo("Be brief."));
            Assert.That(settings.Model, Is.EqualTo("gpt-test"));
            Assert.That(settings.MaxPromptLength, Is.EqualTo(500));
            Assert.That(settings.HistoryMaxMessages, Is.EqualTo(3));
            Assert.That(settings.HistoryMaxCharacters, Is.EqualTo(900));
            Assert.That(settings.Streaming, Is.False);
            Assert.That(settings.StreamEditInterval, Is.EqualTo(TimeSpan.FromMilliseconds(1500)));
            Assert.That(settings.CacheTimeToLive, Is.Null);
            Assert.That(settings.UserRateLimit!.ToPolicy(), Is.EqualTo(new AndyAI.Abstractions.RateLimiting.RateLimitPolicy(2, 1, TimeSpan.FromSeconds(12))));
            Assert.That(settings.GuildRateLimit!.ToPolicy(), Is.EqualTo(new AndyAI.Abstractions.RateLimiting.RateLimitPolicy(20, 1, TimeSpan.FromSeconds(1.5))));
            Assert.That(settings.AllowedGuildIds, Is.EqualTo(new ulong[] { 300, 301 }));
            Assert.That(settings.AllowedChannelIds, Is.EqualTo(new ulong[] { 123456789012345678 }));
            Assert.That(settings.DirectMessages, Is.False);
            Assert.That(settings.LogContent, Is.True);
        });
    }

    [TestCase("""{"maxPromptLength": 0}""", "maxPromptLength")]
    [TestCase("""{"maxPromptLength": 100001}""", "maxPromptLength")]
    [TestCase("""{"historyMaxMessages": -1}""", "historyMaxMessages")]
    [TestCase("""{"historyMaxMessages": 51}""", "historyMaxMessages")]
    [TestCase("""{"historyMaxCharacters": -5}""", "historyMaxCharacters")]
    [TestCase("""{"streamEditIntervalMs": 100}""", "streamEditIntervalMs")]
    [TestCase("""{"cacheTtlSeconds": -1}""", "cacheTtlSeconds")]
    [TestCase("""{"systemPrompt": "  "}""", "systemPrompt")]
    [TestCase("""{"model": ""}""", "model")]
    [TestCase("""{"allowedGuildIds": [0]}""", "allowedGuildIds")]
    [TestCase("""{"allowedChannelIds": null}""", "allowedChannelIds")]
    [TestCase("""{"userRateLimit": {"capacity": 0, "periodSeconds": 10}}""", "userRateLimit.capacity")]
    [TestCase("""{"userRateLimit": {"capacity": 1, "periodSeconds": 0}}""", "userRateLimit.periodSeconds")]
    [TestCase("""{"guildRateLimit": {"capacity": 1, "tokensPerPeriod": 0, "periodSeconds": 1}}""", "guildRateLimit.tokensPerPeriod")]
    [TestCase("""{"sytemPrompt": "typo"}""", "sytemPrompt")]
    [TestCase("""{"userRateLimit": {"capacity": 1, "period": 3}}""", "period")]
    [TestCase("""{"maxPromptLength": "lots"}""", "maxPromptLength")]
    [TestCase("""{"streaming": "yes"}""", "streaming")]
    [TestCase("""{"allowedGuildIds": ["-3"]}""", "allowedGuildIds")]
    public void Load_InvalidValue_ThrowsNamingTheKey(string json, string key)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => MessageHandlerSettings.Load(Parse(json)));

        Assert.That(ex!.Message, Does.Contain(key));
        Assert.That(ex.Message, Does.StartWith("MessageHandler settings"));
    }

    [Test]
    public void Load_SeveralProblems_ReportsThemAll()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => MessageHandlerSettings.Load(Parse("""{"maxPromptLength": 0, "cacheTtlSeconds": -1}""")));

        Assert.That(ex!.Message, Does.Contain("maxPromptLength").And.Contain("cacheTtlSeconds"));
    }

    [TestCase("[]")]
    [TestCase("\"text\"")]
    public void Load_NotAnObject_Throws(string json)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => MessageHandlerSettings.Load(Parse(json)));

        Assert.That(ex!.Message, Does.Contain("must be a JSON object"));
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }).RootElement.Clone();
}
