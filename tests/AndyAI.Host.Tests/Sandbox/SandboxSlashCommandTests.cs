using AndyAI.Emulator;
using AndyAI.Host.Sandbox;

namespace AndyAI.Host.Tests.Sandbox;

public sealed class SandboxSlashCommandTests
{
    private static readonly string[] AskOptions = ["prompt", "private"];

    [TestCase("", "")]
    [TestCase("what is a monad?", "prompt=what is a monad?")]
    [TestCase("what is a monad? private:true", "prompt=what is a monad?|private=true")]
    [TestCase("private:true prompt:why: because", "private=true|prompt=why: because")]
    [TestCase("time is 10:30 here", "prompt=time is 10:30 here")]
    [TestCase("see http://x.invalid/a private:false", "prompt=see http://x.invalid/a|private=false")]
    public void TryParseOptions_TextAndNamedValues_BecomeTheCommandsOptions(string text, string expected)
    {
        bool parsed = SandboxSlashCommand.TryParseOptions("ask", text, AskOptions, out IReadOnlyList<EmulatorCommandOption> options, out string? error);

        Assert.That((parsed, error), Is.EqualTo((true, (string?)null)));
        Assert.That(string.Join("|", options.Select(o => $"{o.Name}={o.Value}")), Is.EqualTo(expected));
    }

    [TestCase("ask", "hi private:true private:false", "/ask got private twice")]
    [TestCase("ask", "hi private:", "/ask: private: needs a value")]
    [TestCase("ping", "now", "/ping takes no options")]
    public void TryParseOptions_Malformed_SaysWhy(string command, string text, string expected)
    {
        string[] names = command == "ping" ? [] : AskOptions;

        bool parsed = SandboxSlashCommand.TryParseOptions(command, text, names, out _, out string? error);

        Assert.That((parsed, error), Is.EqualTo((false, expected)));
    }
}
