using System.Text.Json;
using AndyAI.Discord.Hosting;
using AndyAI.Host.Configuration;

namespace AndyAI.Host.Tests.Configuration;

public sealed class SecretRegistryTests
{
    private const string ConfiguredToken = "fake.discord-token.0123";

    [Test]
    public void Redact_ConfiguredSecret_IsMasked()
    {
        var registry = new SecretRegistry([ConfiguredToken]);

        string text = registry.Redact($"token={ConfiguredToken}; again {ConfiguredToken}");

        Assert.That(text, Is.EqualTo("token=***; again ***"));
    }

    [Test]
    public void AddFromSettings_SecretLookingKeysAtAnyDepth_AreMaskedFromThenOn()
    {
        var registry = new SecretRegistry([ConfiguredToken]);
        using JsonDocument settings = JsonDocument.Parse("""
            {
              "systemPrompt": "You are a friendly assistant.",
              "webhookToken": "fake-webhook-token-abc",
              "provider": { "ApiKey": "sk-fake-nested-key", "keys": ["fake-key-in-array-1"] },
              "dbPassword": "fake-password-xyz",
              "clientSecret": "short",
              "mirror": "https://fakeuser:fakepass123@127.0.0.1:9/",
              "cacheTtlSeconds": 3600
            }
            """);

        registry.AddFromSettings(settings.RootElement);

        Assert.Multiple(() =>
        {
            Assert.That(registry.Current, Is.EquivalentTo(new[]
            {
                ConfiguredToken, "fake-webhook-token-abc", "sk-fake-nested-key", "fake-key-in-array-1", "fake-password-xyz", "fakeuser:fakepass123", "fakepass123",
            }));
            Assert.That(registry.Redact("a fake-webhook-token-abc b sk-fake-nested-key c fake-password-xyz"), Is.EqualTo("a *** b *** c ***"));
            Assert.That(registry.Redact("You are a friendly assistant."), Is.EqualTo("You are a friendly assistant."), "only secret-looking keys count");
            Assert.That(registry.Redact("short"), Is.EqualTo("short"), "values under 6 characters are not masked in free text");
        });
    }

    [TestCase("Host=db;Password=abc;Database=x", "Host=db;Password=***;Database=x")]
    [TestCase("Host=db;User Password = abc", "Host=db;User Password = ***")]
    [TestCase("127.0.0.1:6379,password=abc,ssl=false", "127.0.0.1:6379,password=***,ssl=false")]
    [TestCase("Server=db;Pwd=abc", "Server=db;Pwd=***")]
    [TestCase("redis://:abc@127.0.0.1:6379", "redis://:***@127.0.0.1:6379")]
    [TestCase("postgres://bot:abc@db/andyai", "postgres://bot:***@db/andyai")]
    [TestCase("?token=abc&x=1", "?token=***&x=1")]
    [TestCase("abc, cabbage, abc=1, retries=abc, password=abcdef, user abc@example", "abc, cabbage, abc=1, retries=abc, password=abcdef, user abc@example")]
    public void Redact_ShortSecret_IsMaskedOnlyWhereItStandsAsAValue(string text, string expected)
    {
        var registry = new SecretRegistry(["abc"]);

        Assert.Multiple(() =>
        {
            Assert.That(registry.Redact(text), Is.EqualTo(expected));
            Assert.That(registry.Current, Is.Empty, "free text keeps its minimum length");
        });
    }

    [Test]
    public void AddFromSettings_ShortPasswordInAUrl_IsMaskedThere()
    {
        var registry = new SecretRegistry([]);
        using JsonDocument settings = JsonDocument.Parse("""{ "mirror": "redis://:pw@127.0.0.1:9/", "dbPassword": "pw9" }""");

        registry.AddFromSettings(settings.RootElement);

        Assert.Multiple(() =>
        {
            Assert.That(registry.Redact("mirror redis://:pw@127.0.0.1:9/ down"), Is.EqualTo("mirror redis://***@127.0.0.1:9/ down"));
            Assert.That(registry.Redact("Password=pw9;"), Is.EqualTo("Password=***;"));
        });
    }

    [Test]
    public void AddFromSettings_SameSettingsTwice_KeepsOneEntryEach()
    {
        var registry = new SecretRegistry([]);
        using JsonDocument settings = JsonDocument.Parse("""{ "apiToken": "fake-token-123456" }""");

        registry.AddFromSettings(settings.RootElement);
        registry.AddFromSettings(settings.RootElement);

        Assert.That(registry.Current, Is.EqualTo(new[] { "fake-token-123456" }));
    }

    [Test]
    public void Current_LongestFirst_SoASecretContainingAnotherIsMaskedWhole()
    {
        var registry = new SecretRegistry(["fake-abcdef", "fake-abcdef-longer"]);

        Assert.That(registry.Redact("x fake-abcdef-longer y"), Is.EqualTo("x *** y"));
    }

    [Test]
    public void Apply_AsOutgoingContentFilter_MasksPostedText()
    {
        IOutgoingContentFilter filter = new SecretRegistry([ConfiguredToken]);

        Assert.That(filter.Apply($"the token is {ConfiguredToken}"), Is.EqualTo("the token is ***"));
    }

    [Test]
    public void Apply_TextEndsInTheStartOfASecret_MasksThatStart()
    {
        IOutgoingContentFilter filter = new SecretRegistry([ConfiguredToken]);

        Assert.Multiple(() =>
        {
            Assert.That(filter.Apply("the token is fake.disc"), Is.EqualTo("the token is ***"), "a streamed edit cut inside the secret");
            Assert.That(filter.Apply($"the token is {ConfiguredToken[..^1]}"), Is.EqualTo("the token is ***"));
            Assert.That(filter.Apply("fake.d"), Is.EqualTo("***"));
            Assert.That(filter.Apply("it is fake"), Is.EqualTo("it is fake"), "starts under 6 characters are ordinary words");
            Assert.That(filter.Apply("fake.disc is mine"), Is.EqualTo("fake.disc is mine"), "only the end of a text can be a secret cut short");
        });
    }
}
