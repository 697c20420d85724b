using AndyAI.Host.Sandbox;

namespace AndyAI.Host.Tests.Sandbox;

public sealed class SandboxInputTests
{
    [TestCase("@AndyAI what is a monad?", "Message", "@AndyAI what is a monad?", "Owner")]
    [TestCase("  !cogs  ", "Message", "!cogs", "Owner")]
    [TestCase(":dm hi there", "DirectMessage", "hi there", "Owner")]
    [TestCase(":DM hi", "DirectMessage", "hi", "Owner")]
    [TestCase(":help", "Help", "", "Owner")]
    [TestCase(":quit", "Quit", "", "Owner")]
    [TestCase(":exit", "Quit", "", "Owner")]
    [TestCase(":cancel", "Cancel", "", "Owner")]
    [TestCase(":press 2", "Press", "2", "Owner")]
    [TestCase(":reply tell me more", "Reply", "tell me more", "Owner")]
    [TestCase(":as alice :reply me too", "Reply", "me too", "Alice")]
    [TestCase("/ask what is a monad?", "SlashCommand", "ask what is a monad?", "Owner")]
    [TestCase("/help", "SlashCommand", "help", "Owner")]
    [TestCase(":as alice !reload", "Message", "!reload", "Alice")]
    [TestCase(":as Bob :dm hello", "DirectMessage", "hello", "Bob")]
    [TestCase(":as bob /cogs", "SlashCommand", "cogs", "Bob")]
    [TestCase(":as alice :press 1", "Press", "1", "Alice")]
    [TestCase(":pick 2 @alice, @bob", "Pick", "2 @alice, @bob", "Owner")]
    [TestCase(":complete /forecast country:France city:Ly", "Autocomplete", "forecast country:France city:Ly", "Owner")]
    [TestCase(":complete forecast city:", "Autocomplete", "forecast city:", "Owner")]
    [TestCase(":as alice :complete /roll sides:2", "Autocomplete", "roll sides:2", "Alice")]
    [TestCase(":pick 1", "Pick", "1", "Owner")]
    [TestCase(":as bob :pick 1 Light blue", "Pick", "1 Light blue", "Bob")]
    [TestCase(":as owner !cogs", "Message", "!cogs", "Owner")]
    [TestCase(":) nice", "Message", ":) nice", "Owner")]
    [TestCase("/ alone", "Message", "/ alone", "Owner")]
    [TestCase("   ", "Empty", "", "Owner")]
    public void Parse_ValidLine_ReturnsWhatItAsks(string line, string kind, string text, string user)
    {
        SandboxInput input = SandboxInput.Parse(line);

        Assert.That(input, Is.EqualTo(new SandboxInput(Enum.Parse<SandboxInputKind>(kind), text, Enum.Parse<SandboxUser>(user))));
    }

    [TestCase(":dm /ask hi", "SlashCommand", "ask hi", "Owner")]
    [TestCase(":as alice :dm /mydata export", "SlashCommand", "mydata export", "Alice")]
    [TestCase(":dm :reply and then?", "Reply", "and then?", "Owner")]
    [TestCase(":dm :complete /model name:gp", "Autocomplete", "model name:gp", "Owner")]
    [TestCase(":as bob :dm :REPLY ok", "Reply", "ok", "Bob")]
    public void Parse_SlashCommandOrReplyInADm_HappensThere(string line, string kind, string text, string user)
    {
        SandboxInput input = SandboxInput.Parse(line);

        Assert.That(input, Is.EqualTo(new SandboxInput(Enum.Parse<SandboxInputKind>(kind), text, Enum.Parse<SandboxUser>(user)) { InDirectMessage = true }));
    }

    [Test]
    public void Parse_SlashAloneInADm_IsAMessage()
    {
        Assert.That(SandboxInput.Parse(":dm / is a slash"), Is.EqualTo(new SandboxInput(SandboxInputKind.DirectMessage, "/ is a slash", SandboxUser.Owner)));
    }

    [TestCase(":dm", ":dm needs a message")]
    [TestCase(":as mallory hi", ":as needs a user")]
    [TestCase(":as 1 hi", ":as needs a user")]
    [TestCase(":as alice", "needs something to say")]
    [TestCase(":dmhi", "unknown sandbox command :dmhi")]
    [TestCase(":reload", "unknown sandbox command :reload")]
    [TestCase(":press", ":press needs a button's number")]
    [TestCase(":complete", ":complete needs a slash command and the option being typed, last")]
    [TestCase(":complete / city:x", ":complete needs a slash command")]
    [TestCase(":dm :complete", ":dm :complete needs a slash command")]
    [TestCase(":reply", ":reply needs a message")]
    [TestCase(":dm :reply", ":dm :reply needs a message")]
    [TestCase(":replyall hi", "unknown sandbox command :replyall")]
    [TestCase(":press 0", ":press needs a button's number")]
    [TestCase(":press two", ":press needs a button's number")]
    [TestCase(":pick", ":pick needs a menu's number")]
    [TestCase(":pick red", ":pick needs a menu's number")]
    [TestCase(":pick 0 red", ":pick needs a menu's number")]
    public void Parse_MalformedSandboxCommand_IsAnErrorNotAMessage(string line, string error)
    {
        SandboxInput input = SandboxInput.Parse(line);

        Assert.That(input.Kind, Is.EqualTo(SandboxInputKind.Error));
        Assert.That(input.Text, Does.Contain(error));
    }

    [TestCase("/api/v10/channels/123456/typing", 123456UL)]
    [TestCase("/api/v10/channels/99/typing?x=1", 99UL)]
    public void TypingChannel_TypingPath_ReturnsChannelId(string path, ulong channel) =>
        Assert.That(SandboxChat.TypingChannel(path), Is.EqualTo(channel));

    [Test]
    public void TypingChannel_NoChannel_ReturnsNull() =>
        Assert.That(SandboxChat.TypingChannel("/api/v10/gateway/bot"), Is.Null);
}
