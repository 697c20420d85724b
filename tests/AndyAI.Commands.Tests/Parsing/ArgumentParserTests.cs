using AndyAI.Abstractions.Commands;
using AndyAI.Commands.Parsing;

namespace AndyAI.Commands.Tests.Parsing;

public class ArgumentParserTests
{
    private static readonly CommandParameter Word = new("word", CommandParameterType.String);
    private static readonly CommandParameter Minutes = new("minutes", CommandParameterType.Integer);
    private static readonly CommandParameter Rest = new("text", CommandParameterType.Remainder) { IsOptional = true };

    private static object?[] Parse(string text, params CommandParameter[] parameters)
    {
        bool ok = ArgumentParser.TryParse(parameters, text, 0, out object?[] values, out string? error);
        Assert.That(ok, Is.True, error);
        return values;
    }

    private static string Fail(string text, params CommandParameter[] parameters)
    {
        bool ok = ArgumentParser.TryParse(parameters, text, 0, out _, out string? error);
        Assert.That(ok, Is.False);
        return error!;
    }

    [Test]
    public void TryParse_QuotedString_IsOneArgumentWithoutQuotes()
    {
        object?[] values = Parse("  \"hello big world\"  next", Word, Word with { Name = "second" });

        Assert.That(values, Is.EqualTo(new object[] { "hello big world", "next" }));
    }

    [Test]
    public void TryParse_EscapedQuotesAndBackslashes_AreUnescaped()
    {
        object?[] values = Parse("\"say \\\"hi\\\" \\\\ there\"", Word);

        Assert.That(values[0], Is.EqualTo("say \"hi\" \\ there"));
    }

    [Test]
    public void TryParse_TypographicQuotes_WorkLikeStraightQuotes()
    {
        object?[] values = Parse("“two words”", Word);

        Assert.That(values[0], Is.EqualTo("two words"));
    }

    [Test]
    public void TryParse_EmptyQuotes_GiveEmptyString()
    {
        object?[] values = Parse("\"\" x", Word, Word with { Name = "b" });

        Assert.That(values, Is.EqualTo(new object[] { "", "x" }));
    }

    [Test]
    public void TryParse_UnclosedQuote_Fails()
    {
        string error = Fail("\"never closed", Word);

        Assert.That(error, Does.Contain("not closed").And.Contain("<word>"));
    }

    [Test]
    public void TryParse_Remainder_KeepsTheRestVerbatim()
    {
        object?[] values = Parse("5   remind me  to \"stretch\"  now  ", Minutes, Rest);

        Assert.That(values, Is.EqualTo(new object[] { 5L, "remind me  to \"stretch\"  now" }));
    }

    [Test]
    public void TryParse_OptionalMissing_UsesDefault()
    {
        CommandParameter count = new("count", CommandParameterType.Integer) { IsOptional = true, DefaultValue = 3L };

        object?[] values = Parse("   ", Word with { IsOptional = true }, count);

        Assert.That(values, Is.EqualTo(new object?[] { null, 3L }));
    }

    [Test]
    public void TryParse_BadInteger_NamesTheValueAndParameter()
    {
        string error = Fail("ten", Minutes);

        Assert.That(error, Is.EqualTo("`ten` is not a whole number (for <minutes>)."));
    }

    [Test]
    public void TryParse_MissingRequired_NamesTheParameter()
    {
        Assert.That(Fail("", Minutes), Is.EqualTo("Missing <minutes>."));
    }

    [Test]
    public void TryParse_TooManyArguments_Fails()
    {
        string error = Fail("5 extra", Minutes);

        Assert.That(error, Does.Contain("`extra` was not expected"));
    }

    [Test]
    public void TryParse_EchoedValue_CannotBreakOutOfCodeSpan()
    {
        string error = Fail("a`b", Minutes);

        Assert.That(error, Does.StartWith("`a'b`"));
    }

    [TestCase(CommandParameterType.Integer, "-42", -42L)]
    [TestCase(CommandParameterType.Integer, "9223372036854775807", long.MaxValue)]
    [TestCase(CommandParameterType.Number, "2.5", 2.5)]
    [TestCase(CommandParameterType.Number, "-1e3", -1000.0)]
    [TestCase(CommandParameterType.Boolean, "yes", true)]
    [TestCase(CommandParameterType.Boolean, "ON", true)]
    [TestCase(CommandParameterType.Boolean, "1", true)]
    [TestCase(CommandParameterType.Boolean, "False", false)]
    [TestCase(CommandParameterType.Boolean, "off", false)]
    [TestCase(CommandParameterType.Boolean, "0", false)]
    [TestCase(CommandParameterType.User, "<@123>", 123UL)]
    [TestCase(CommandParameterType.User, "<@!123>", 123UL)]
    [TestCase(CommandParameterType.User, "123", 123UL)]
    [TestCase(CommandParameterType.Channel, "<#456>", 456UL)]
    [TestCase(CommandParameterType.Channel, "456", 456UL)]
    public void TryConvert_ValidText_GivesTypedValue(CommandParameterType type, string text, object expected)
    {
        bool ok = ArgumentParser.TryConvert(type, text, out object? value);

        Assert.That(ok, Is.True);
        Assert.That(value, Is.EqualTo(expected).And.TypeOf(expected.GetType()));
    }

    [TestCase(CommandParameterType.Integer, "1.5")]
    [TestCase(CommandParameterType.Integer, "9223372036854775808")]
    [TestCase(CommandParameterType.Integer, "1,000")]
    [TestCase(CommandParameterType.Number, "1,5")]
    [TestCase(CommandParameterType.Number, "NaN")]
    [TestCase(CommandParameterType.Number, "Infinity")]
    [TestCase(CommandParameterType.Boolean, "maybe")]
    [TestCase(CommandParameterType.User, "<#123>")]
    [TestCase(CommandParameterType.User, "<@&123>")]
    [TestCase(CommandParameterType.User, "bob")]
    [TestCase(CommandParameterType.User, "0")]
    [TestCase(CommandParameterType.Channel, "<@123>")]
    [TestCase(CommandParameterType.Channel, "-5")]
    public void TryConvert_InvalidText_Fails(CommandParameterType type, string text)
    {
        Assert.That(ArgumentParser.TryConvert(type, text, out _), Is.False);
    }
}
