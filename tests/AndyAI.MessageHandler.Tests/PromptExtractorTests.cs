namespace AndyAI.Cogs.MessageHandler.Tests;

public sealed class PromptExtractorTests
{
    private const ulong Bot = 100;
    private const ulong Role = 200;

    [TestCase("<@100> what is a token bucket?", "what is a token bucket?")]
    [TestCase("<@!100> what is a token bucket?", "what is a token bucket?")]
    [TestCase("<@&200> what is a token bucket?", "what is a token bucket?")]
    [TestCase("what is a token bucket? <@100>", "what is a token bucket?")]
    [TestCase("hey <@100> what is <@!100> this", "hey what is this")]
    [TestCase("  <@100>\n\n  multi\nline  \n", "multi\nline")]
    [TestCase("<@100><@!100><@&200>", "")]
    [TestCase("<@100>", "")]
    [TestCase("   ", "")]
    public void Extract_BotMentionForms_AreRemovedAndTrimmed(string content, string expected)
    {
        Assert.That(PromptExtractor.Extract(content, Bot, Role), Is.EqualTo(expected));
    }

    [TestCase("what do you think <@100>, about monads?", "what do you think, about monads?")]
    [TestCase("thanks <@100>!", "thanks!")]
    [TestCase("are you there <@!100>?", "are you there?")]
    [TestCase("so <@100>; next", "so; next")]
    [TestCase("a <@100> <@100>.", "a.")]
    [TestCase("<@100>, what is a monad?", "what is a monad?")]
    [TestCase("<@!100>: explain monads", "explain monads")]
    [TestCase("  <@&200> , hi", "hi")]
    public void Extract_BotMentionBeforePunctuation_LeavesNoSpaceBeforeIt(string content, string expected)
    {
        Assert.That(PromptExtractor.Extract(content, Bot, Role), Is.EqualTo(expected));
    }

    [TestCase("<@100> ask <@555> about it", "ask <@555> about it")]
    [TestCase("<@100> is <@&999> a role?", "is <@&999> a role?")]
    [TestCase("<@100> <#400> channel", "<#400> channel")]
    [TestCase("<@100> broken <@12 and <@!> and <@&> and <@x>", "broken <@12 and <@!> and <@&> and <@x>")]
    [TestCase("<@100> huge <@99999999999999999999999> id", "huge <@99999999999999999999999> id")]
    public void Extract_OtherMentionsAndMalformedTokens_AreKept(string content, string expected)
    {
        Assert.That(PromptExtractor.Extract(content, Bot, Role), Is.EqualTo(expected));
    }

    [Test]
    public void Extract_RoleUnknown_KeepsRoleMentions()
    {
        Assert.That(PromptExtractor.Extract("<@&200> hi", Bot, botRoleId: null), Is.EqualTo("<@&200> hi"));
    }

    [Test]
    public void Extract_NoMention_ReturnsTrimmedContent()
    {
        Assert.That(PromptExtractor.Extract("  a question in a DM ", Bot, Role), Is.EqualTo("a question in a DM"));
    }
}
