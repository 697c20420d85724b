using AndyAI.Emulator.OpenAi;
using AndyAI.Host.Sandbox;

namespace AndyAI.Host.Tests.Sandbox;

public class OfflineResponderTests
{
    private static OpenAiFakeRequest Request(params OpenAiFakeMessage[] messages) => new() { Model = "m", Messages = messages };

    [Test]
    public void Respond_FirstQuestion_ReflectsItWithoutConversation()
    {
        string answer = OfflineResponder.Respond(Request(new("system", "Be brief."), new("user", "hello there")));

        Assert.That(answer, Does.StartWith("You asked: “hello there” (11 characters, 2 words)."));
        Assert.That(answer, Does.Contain(OfflineResponder.Disclaimer));
    }

    [Test]
    public void Respond_AfterOneExchange_CountsTheEarlierMessagesNotTurns()
    {
        string answer = OfflineResponder.Respond(Request(
            new("system", "Be brief."), new("user", "hello"), new("assistant", "Hi."), new("user", "what did I say?")));

        Assert.That(answer, Does.StartWith("You asked: “what did I say?” (15 characters, 4 words, after 2 earlier messages of conversation)."),
            "one question and its answer are two messages; the system prompt is not conversation");
    }

    [Test]
    public void Respond_Long_GivesTheSplittableAnswer()
    {
        string answer = OfflineResponder.Respond(Request(new OpenAiFakeMessage("user", " LONG ")));

        Assert.That(answer, Does.StartWith("# A long answer"));
        Assert.That(answer.Length, Is.GreaterThan(2000));
        Assert.That(answer, Does.Contain("```csharp\n"));
    }
}
