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

    [Test]
    public void Respond_ContinueAfterALongAnswerCutInItsCodeBlock_GivesTheRestFromThatLineWithTheBlockReopened()
    {
        string full = OfflineResponder.Respond(Request(new OpenAiFakeMessage("user", "long")));
        int cut = full.IndexOf("line 15 of", StringComparison.Ordinal) + 4; // mid-line, inside the code block
        string shown = full[..cut];

        string rest = OfflineResponder.Respond(Request(new("user", "long"), new("assistant", shown), new("user", "continue")));

        Assert.That(rest, Does.StartWith("```csharp\nConsole.WriteLine(\"line 15 of"), "the cut line again, in its reopened block");
        Assert.That(shown[..shown.LastIndexOf('\n')] + "\n" + rest["```csharp\n".Length..], Is.EqualTo(full), "nothing lost or repeated but the cut line");
    }

    [Test]
    public void Respond_ContinueExactly_AsAsksContinueButtonDoes_GivesTheRestFromTheCharacter()
    {
        string full = OfflineResponder.Respond(Request(new OpenAiFakeMessage("user", "long")));
        int cut = full.IndexOf("line 15 of", StringComparison.Ordinal) + 4;

        string rest = OfflineResponder.Respond(Request(new("user", "long"), new("assistant", full[..cut]),
            new("user", "Continue exactly where your previous answer stopped, without repeating anything.")));

        Assert.That(full[..cut] + rest, Is.EqualTo(full), "/ask reopens the code block itself");
    }

    [Test]
    public void Respond_ContinueAfterAnythingElse_ReflectsIt()
    {
        string answer = OfflineResponder.Respond(Request(new("user", "hi"), new("assistant", "You asked: “hi”"), new("user", "continue")));

        Assert.That(answer, Does.StartWith("You asked: “continue”"));
    }
}
