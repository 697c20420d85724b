using AndyAI.Host.Configuration;

namespace AndyAI.Host.Tests.Configuration;

public sealed class DotEnvFileTests
{
    [Test]
    public void Parse_PlainLines_ReturnsKeysAndValues()
    {
        var values = DotEnvFile.Parse("A=1\nB = two words \n", ".env");

        Assert.That(values, Is.EquivalentTo(new Dictionary<string, string> { ["A"] = "1", ["B"] = "two words" }));
    }

    [Test]
    public void Parse_CommentsBlankLinesAndExport_AreHandled()
    {
        var values = DotEnvFile.Parse("# a comment\n\n  # indented comment\nexport TOKEN=abc # trailing note\nURL=http://x/#frag\n", ".env");

        Assert.That(values, Is.EquivalentTo(new Dictionary<string, string> { ["TOKEN"] = "abc", ["URL"] = "http://x/#frag" }));
    }

    [Test]
    public void Parse_DoubleQuoted_KeepsHashAndSpacesAndUnescapes()
    {
        var values = DotEnvFile.Parse("PROMPT=\"  You are #1\\n\\\"helpful\\\"  \" # note\n", ".env");

        Assert.That(values["PROMPT"], Is.EqualTo("  You are #1\n\"helpful\"  "));
    }

    [Test]
    public void Parse_SingleQuoted_IsLiteral()
    {
        var values = DotEnvFile.Parse("RAW='a\\nb # not a comment'\n", ".env");

        Assert.That(values["RAW"], Is.EqualTo("a\\nb # not a comment"));
    }

    [Test]
    public void Parse_DoubleQuotedAcrossLines_JoinsWithNewlines()
    {
        var values = DotEnvFile.Parse("KEY=\"line one\nline two\"\nNEXT=1\n", ".env");

        Assert.That(values["KEY"], Is.EqualTo("line one\nline two"));
        Assert.That(values["NEXT"], Is.EqualTo("1"));
    }

    [Test]
    public void Parse_EmptyValue_IsEmptyString()
    {
        var values = DotEnvFile.Parse("DISCORD_API_TOKEN=\n", ".env");

        Assert.That(values["DISCORD_API_TOKEN"], Is.Empty);
    }

    [Test]
    public void Parse_RepeatedKey_LastWins()
    {
        var values = DotEnvFile.Parse("A=1\nA=2\n", ".env");

        Assert.That(values["A"], Is.EqualTo("2"));
    }

    [Test]
    public void Parse_CrLfLineEndings_AreAccepted()
    {
        var values = DotEnvFile.Parse("A=1\r\nB=\"x\"\r\n", ".env");

        Assert.That(values, Is.EquivalentTo(new Dictionary<string, string> { ["A"] = "1", ["B"] = "x" }));
    }

    [TestCase("JUSTTEXT", "line 2: expected KEY=VALUE")]
    [TestCase("1ABC=x", "line 2: '1ABC' is not a valid variable name")]
    [TestCase("A B=x", "line 2: 'A B' is not a valid variable name")]
    [TestCase("Q=\"never closed", "line 2: a double-quoted value is never closed")]
    [TestCase("Q='never closed", "line 2: the single-quoted value of Q is not closed")]
    [TestCase("Q=\"x\" trailing", "line 2: unexpected text after a quoted value")]
    public void Parse_MalformedLine_ThrowsNamingFileAndLine(string line, string expected)
    {
        Assert.That(() => DotEnvFile.Parse("OK=1\n" + line + "\n", "/repo/.env"),
            Throws.TypeOf<ConfigurationException>().With.Message.StartsWith("/repo/.env, line").And.Message.Contains(expected));
    }

    [Test]
    public void Parse_MalformedLineWithSecret_DoesNotEchoTheValue()
    {
        Assert.That(() => DotEnvFile.Parse("OPENAI_API_KEY=\"sk-supersecretvalue\" oops", ".env"),
            Throws.TypeOf<ConfigurationException>().With.Message.Not.Contains("sk-supersecretvalue"));
    }

    [Test]
    public void Load_MissingFile_ReturnsNothing()
    {
        var values = DotEnvFile.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), ".env"));

        Assert.That(values, Is.Empty);
    }
}
