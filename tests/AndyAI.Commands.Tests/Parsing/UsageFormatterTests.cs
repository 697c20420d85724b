using AndyAI.Abstractions.Commands;
using AndyAI.Commands.Parsing;

namespace AndyAI.Commands.Tests.Parsing;

public class UsageFormatterTests
{
    [Test]
    public void Format_MixedParameters_ShowsRequiredOptionalTypesAndRemainder()
    {
        CommandParameter[] parameters =
        [
            new("minutes", CommandParameterType.Integer),
            new("who", CommandParameterType.User),
            new("where", CommandParameterType.Channel) { IsOptional = true },
            new("loud", CommandParameterType.Boolean) { IsOptional = true },
            new("text", CommandParameterType.Remainder) { IsOptional = true },
        ];

        string usage = UsageFormatter.Format("!", "remind", parameters);

        Assert.That(usage, Is.EqualTo("!remind <minutes:integer> <who:@user> [where:#channel] [loud:yes/no] [text...]"));
    }

    [Test]
    public void Format_StringParameter_HasNoTypeSuffix()
    {
        Assert.That(UsageFormatter.Format("?", "echo", [new("word", CommandParameterType.String)]), Is.EqualTo("?echo <word>"));
    }

    [TestCase(0.2, "1 s")]
    [TestCase(45, "45 s")]
    [TestCase(125, "2 min 5 s")]
    [TestCase(180, "3 min")]
    [TestCase(12000, "3 h 20 min")]
    [TestCase(187200, "2 d 4 h")]
    public void FormatDuration_Values_ReadNaturally(double seconds, string expected)
    {
        Assert.That(UsageFormatter.FormatDuration(TimeSpan.FromSeconds(seconds)), Is.EqualTo(expected));
    }
}
