using System.Text;
using AndyAI.Host.Cogs.Configuration;

namespace AndyAI.Host.Tests.Cogs.Configuration;

public sealed class PluginsConfigurationParserTests
{
    private static PluginsConfiguration Parse(string json) =>
        PluginsConfigurationParser.Parse(Encoding.UTF8.GetBytes(json), Path.Combine(Path.GetTempPath(), "bot", "plugins.json"));

    [Test]
    public void Parse_FullFile_ResolvesPathsOrderAndSettings()
    {
        var configuration = Parse("""
            {
              // comments and trailing commas are fine
              "pluginsDirectory": "cogs",
              "dataDirectory": "/var/lib/andy",
              "watch": false,
              "loadOrder": ["Utility", "MessageHandler"],
              "cogs": {
                "MessageHandler": { "settings": { "greeting": "hi" } },
                "Dice": { "enabled": false },
              },
            }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(configuration.PluginsDirectory, Is.EqualTo(Path.Combine(Path.GetTempPath(), "bot", "cogs")));
            Assert.That(configuration.DataDirectory, Is.EqualTo("/var/lib/andy"));
            Assert.That(configuration.Watch, Is.False);
            Assert.That(configuration.OrderOf("messagehandler"), Is.EqualTo(1));
            Assert.That(configuration.OrderOf("Other"), Is.EqualTo(int.MaxValue));
            Assert.That(configuration.IsEnabled("Dice"), Is.False);
            Assert.That(configuration.IsEnabled("Unlisted"), Is.True);
            Assert.That(configuration.SettingsFor("MessageHandler", "pkg").GetProperty("greeting").GetString(), Is.EqualTo("hi"));
            Assert.That(configuration.SettingsFor("Unlisted", "pkg").GetRawText(), Is.EqualTo("{}"));
        });
    }

    [Test]
    public void Parse_EmptyObject_UsesDefaults()
    {
        var configuration = Parse("{}");

        Assert.Multiple(() =>
        {
            Assert.That(configuration.PluginsDirectory, Is.EqualTo(Path.Combine(Path.GetTempPath(), "bot", "run", "plugins")));
            Assert.That(configuration.Watch, Is.True);
            Assert.That(configuration.LoadOrder, Is.Empty);
        });
    }

    [Test]
    public void Parse_InvalidJson_NamesLineAndPosition()
    {
        var e = Assert.Throws<PluginsConfigurationException>(() => Parse("{\n  \"watch\": true,\n  \"cogs\": { \"A\": { \"enabled\": tru } }\n}"));

        Assert.Multiple(() =>
        {
            Assert.That(e!.Line, Is.EqualTo(3));
            Assert.That(e.Position, Is.GreaterThan(1));
            Assert.That(e.Message, Does.Contain("plugins.json").And.Contain("line 3, position"));
            Assert.That(e.Message, Does.Not.Contain("\n"));
        });
    }

    [Test]
    public void Parse_UnknownProperty_IsRejected()
    {
        var e = Assert.Throws<PluginsConfigurationException>(() => Parse("""{ "watcher": true }"""));

        Assert.That(e!.Message, Does.Contain("watcher"));
    }

    [Test]
    public void Parse_SettingsNotAnObject_IsRejected()
    {
        var e = Assert.Throws<PluginsConfigurationException>(() => Parse("""{ "cogs": { "A": { "settings": [1, 2] } } }"""));

        Assert.That(e!.Message, Does.Contain("cogs.A.settings").And.Contain("object"));
    }

    [Test]
    public void Parse_DuplicateInLoadOrder_IsRejected()
    {
        var e = Assert.Throws<PluginsConfigurationException>(() => Parse("""{ "loadOrder": ["A", "a"] }"""));

        Assert.That(e!.Message, Does.Contain("loadOrder"));
    }

    [TestCase("""{ "cogs": { "../evil": {} } }""", "cogs: the cog name '../evil' must start with a letter or a digit")]
    [TestCase("""{ "cogs": { "a..b": {} } }""", "cogs: the cog name 'a..b' must not contain \"..\"")]
    [TestCase("""{ "loadOrder": ["ok", "sub/dir"] }""", "loadOrder: the cog name 'sub/dir' may only contain letters, digits, '.', '-' and '_' (found a path separator '/')")]
    [TestCase("""{ "loadOrder": ["bell\u0007"] }""", "loadOrder: the cog name 'bell?' may only contain letters, digits, '.', '-' and '_' (found the control character U+0007)")]
    [TestCase("""{ "cogs": { "": {} } }""", "cogs: a cog name must not be empty")]
    public void Parse_InvalidCogName_IsRejectedNamingIt(string json, string expected)
    {
        var e = Assert.Throws<PluginsConfigurationException>(() => Parse(json));

        Assert.That(e!.Message, Does.EndWith(expected));
    }

    [Test]
    public void Load_MissingFile_ReturnsDefaultsNextToIt()
    {
        string path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "plugins.json");

        var configuration = PluginsConfigurationParser.Load(path);

        Assert.Multiple(() =>
        {
            Assert.That(configuration.SourcePath, Is.Null);
            Assert.That(configuration.PluginsDirectory, Is.EqualTo(Path.Combine(Path.GetDirectoryName(path)!, "run", "plugins")));
        });
    }
}
