namespace AndyAI.Cogs.MessageHandler.Tests;

public sealed class MassMentionDefuserTests
{
    [Test]
    public void Defuse_EveryoneAndHere_AreBroken()
    {
        string text = MassMentionDefuser.Defuse("hi @everyone and @here, <@&200>");

        Assert.That(text, Does.Not.Contain("@everyone").And.Not.Contain("@here"));
        Assert.That(text.Replace("\u200B", "", StringComparison.Ordinal), Is.EqualTo("hi @everyone and @here, <@&200>"));
    }

    [Test]
    public void Defuse_NothingToDefuse_ReturnsTheSameInstance()
    {
        const string text = "plain text";

        Assert.That(MassMentionDefuser.Defuse(text), Is.SameAs(text));
    }
}
