using System.Text;
using AndyAI.Host.Cogs.Configuration;

namespace AndyAI.Host.Tests.Cogs.Configuration;

public sealed class PluginsConfigurationParserTests
{
    private static readonly string SourcePath = Path.Combine(Path.GetTempPath(), "bot", "plugins.json");

    private static PluginsConfiguration Parse(string json) => PluginsConfigurationParser.Parse(Encoding.UTF8.GetBytes(json), SourcePath);

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
    public void Parse_UnknownKey_NamesItTheKnownKeysAndWhereItIs()
    {
        var e = Assert.Throws<PluginsConfigurationException>(() => Parse("""{ "watch": false, "bogus": 1 }"""));

        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Is.EqualTo(
                $"{SourcePath}: line 1, position 19: unknown key 'bogus' (known: pluginsDirectory, dataDirectory, watch, trust, loadOrder, cogs)"));
            Assert.That(e.Line, Is.EqualTo(1));
            Assert.That(e.Position, Is.EqualTo(19));
        });
    }

    [Test]
    public void Parse_UnknownKeyInACogEntry_NamesTheCog()
    {
        var e = Assert.Throws<PluginsConfigurationException>(() => Parse("""
            {
              "cogs": {
                "Dice": { "enabeld": false }
              }
            }
            """));

        Assert.That(e!.Message, Is.EqualTo($"{SourcePath}: line 3, position 15: unknown key 'enabeld' in cogs.Dice (known: enabled, settings, sha256)"));
    }

    [Test]
    public void Parse_EnabledIsAString_SaysItMustBeTrueOrFalse()
    {
        var e = Assert.Throws<PluginsConfigurationException>(() => Parse("""
            {
              "watch": false,
              "cogs": {
                "Dice": { "enabled": "no" }
              }
            }
            """));

        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Is.EqualTo($"{SourcePath}: line 4, position 26: cogs.Dice.enabled must be true or false, found \"no\""));
            Assert.That(e.Line, Is.EqualTo(4));
            Assert.That(e.Position, Is.EqualTo(26));
        });
    }

    [TestCase("""{ "watch": 1 }""", "watch must be true or false, found 1")]
    [TestCase("""{ "Watch": "yes" }""", "Watch must be true or false, found \"yes\"")]
    [TestCase("""{ "pluginsDirectory": 5 }""", "pluginsDirectory must be a string, found 5")]
    [TestCase("""{ "dataDirectory": ["a"] }""", "dataDirectory must be a string, found an array")]
    [TestCase("""{ "trust": false }""", "trust must be a string, found false")]
    [TestCase("""{ "loadOrder": "Dice" }""", "loadOrder must be an array of strings, found \"Dice\"")]
    [TestCase("""{ "loadOrder": ["Dice", 2] }""", "loadOrder[1] must be a string, found 2")]
    [TestCase("""{ "cogs": [] }""", "cogs must be an object, found an array")]
    [TestCase("""{ "cogs": { "Dice": true } }""", "cogs.Dice must be an object, found true")]
    [TestCase("""[]""", "the file must be an object, found an array")]
    public void Parse_ValueOfTheWrongKind_SaysWhatItMustBeInTheFilesTerms(string json, string expected)
    {
        var e = Assert.Throws<PluginsConfigurationException>(() => Parse(json));

        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.StartWith($"{SourcePath}: line 1, position ").And.EndWith(expected));
            Assert.That(e.Message, Does.Not.Contain("invalid JSON").And.Not.Contain("System.").And.Not.Contain("AndyAI."));
            Assert.That(e.Line, Is.EqualTo(1));
        });
    }

    [TestCase("{ \"watch\": true } x")]
    [TestCase("{ \"cogs\": { \"A\": { \"settings\": { \"x\": } } } }")]
    [TestCase("{ \"watch\": true")]
    [TestCase("")]
    public void Parse_SyntaxError_IsStillInvalidJson(string json)
    {
        var e = Assert.Throws<PluginsConfigurationException>(() => Parse(json));

        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.StartWith($"{SourcePath}: invalid JSON at line 1, position "));
            Assert.That(e.Message, Does.Not.Contain("LineNumber").And.Not.Contain("BytePositionInLine"));
        });
    }

    [Test]
    public void Parse_SettingsAndHashesOfAnyShape_AreLeftToTheirOwnChecks()
    {
        var configuration = Parse("""{ "cogs": { "A": { "settings": { "n": 1, "list": [true, null, { "deep": [] }] }, "sha256": null } } }""");

        Assert.That(configuration.SettingsFor("A", "pkg").GetProperty("n").GetInt32(), Is.EqualTo(1));
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
