using AndyAI.Host.Sandbox;
using Microsoft.Extensions.Time.Testing;

namespace AndyAI.Host.Tests.Sandbox;

/// <summary>How the sandbox renders the bot's messages, edits and typing (the clock is fake: no real waits).</summary>
public sealed class SandboxTranscriptTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);
    private readonly FakeTimeProvider _time = new();

    [Test]
    public void ObserveMessage_NonInteractiveStreamedAnswer_PrintsOnlyTheFinalContentOnce()
    {
        var transcript = new SandboxTranscript(interactive: false, Settle, _time);
        var lines = new List<string>();

        transcript.ObserveMessage(Message(1, "You asked", version: 1), lines);
        _time.Advance(TimeSpan.FromSeconds(1));
        transcript.ObserveMessage(Message(1, "You asked: what", version: 2), lines);
        _time.Advance(TimeSpan.FromSeconds(1));
        transcript.ObserveMessage(Message(1, "You asked: what is a monad?", version: 3), lines);
        Assert.That(lines, Is.Empty, "nothing is printed while the stream is still editing the message");
        Assert.That(transcript.State.Busy, Is.True);

        _time.Advance(Settle);
        transcript.ObserveMessage(Message(1, "You asked: what is a monad?", version: 3), lines);
        transcript.ObserveMessage(Message(1, "You asked: what is a monad?", version: 3), lines);

        Assert.That(lines, Is.EqualTo(new[] { "[#general] AndyAI ↳ \"what is a monad?\": You asked: what is a monad?" }));
        Assert.That(transcript.State.Busy, Is.False);
    }

    [Test]
    public void ObserveMessage_InteractiveStreamedAnswer_PrintsAtOnceThenOneEditedLineWhenSettled()
    {
        var transcript = new SandboxTranscript(interactive: true, Settle, _time);
        var lines = new List<string>();

        transcript.ObserveMessage(Message(1, "You", version: 1), lines);
        for (int version = 2; version <= 5; version++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            transcript.ObserveMessage(Message(1, "You asked " + version, version), lines);
        }

        _time.Advance(Settle);
        transcript.ObserveMessage(Message(1, "You asked 5", version: 5), lines);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "[#general] AndyAI ↳ \"what is a monad?\": You",
            "[#general] AndyAI (edited) ↳ \"what is a monad?\": You asked 5",
        }));
    }

    [Test]
    public void ObserveMessage_WithFiles_ListsThemUnderTheContent_BeforeTheButtons()
    {
        var transcript = new SandboxTranscript(interactive: true, Settle, _time);
        var lines = new List<string>();

        transcript.ObserveMessage(new BotMessageView(7, 2, "#general", null, 1, "Your data:", false, OnlyFor: "you",
            Buttons: ["Delete"], Files: ["andyai-mydata.json (1.2 KB)"]), lines);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "[#general] AndyAI (only you see this): Your data:",
            "    [file] andyai-mydata.json (1.2 KB)",
            "    [1] Delete  (:press <n>)",
        }));
    }

    [Test]
    public void ObserveMessage_WithSelectMenus_ListsThemNumbered_AfterTheButtons()
    {
        var transcript = new SandboxTranscript(interactive: true, Settle, _time);
        var lines = new List<string>();

        transcript.ObserveMessage(new BotMessageView(7, 2, "#general", null, 1, "Set up logging", false,
            Buttons: ["Done"], Menus: ["Where to log: a channel, as #name (pick 1)", "Colours: Red, Blue (pick 0 to 2)"]), lines);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "[#general] AndyAI: Set up logging",
            "    [1] Done  (:press <n>)",
            "    [menu 1] Where to log: a channel, as #name (pick 1)",
            "    [menu 2] Colours: Red, Blue (pick 0 to 2)",
            "    (:pick <menu> <choices>)",
        }));
    }

    [Test]
    public void ObserveMessage_Printed_ThroughTheRenderer_WhileTheViewKeepsTheRawText()
    {
        var transcript = new SandboxTranscript(interactive: true, Settle, _time, content => content.Replace("<#10>", "#general", StringComparison.Ordinal));
        var lines = new List<string>();

        transcript.ObserveMessage(new BotMessageView(7, 2, "#general", null, 1, "channels: <#10>", false), lines);

        Assert.That(lines, Is.EqualTo(new[] { "[#general] AndyAI: channels: #general" }));
    }

    [TestCase(0, "0 bytes")]
    [TestCase(1023, "1023 bytes")]
    [TestCase(1229, "1.2 KB")]
    [TestCase(5 * 1024 * 1024 + 104858, "5.1 MB")]
    public void FileSize_AsDiscordsClientShowsIt(long bytes, string expected)
    {
        Assert.That(SandboxChat.FileSize(bytes), Is.EqualTo(expected));
    }

    [Test]
    public void ObserveMessage_MultilineContentNotAReply_PrintsHeaderThenIndentedLines()
    {
        var transcript = new SandboxTranscript(interactive: true, Settle, _time);
        var lines = new List<string>();

        transcript.ObserveMessage(new BotMessageView(7, 2, "DM", null, 1, "Cogs:\nMessageHandler: loaded", false), lines);

        Assert.That(lines, Is.EqualTo(new[] { "[DM] AndyAI:", "    Cogs:", "    MessageHandler: loaded" }));
    }

    [Test]
    public void Quote_LongQuestion_IsShortenedToOneLine()
    {
        string quote = SandboxTranscript.Quote("a question\nthat goes on and on and on and on and on and on and on");

        Assert.That(quote, Does.StartWith(" ↳ \"a question that goes on"));
        Assert.That(quote, Does.EndWith("…\""));
        Assert.That(quote, Does.Not.Contain("\n"));
    }

    [Test]
    public void ObserveTyping_RenewedWhileTyping_PrintsOneLineUntilAMessageEndsIt()
    {
        var transcript = new SandboxTranscript(interactive: false, Settle, _time);
        var lines = new List<string>();

        transcript.ObserveTyping(5, "#general", lines);
        _time.Advance(TimeSpan.FromSeconds(8));
        transcript.ObserveTyping(5, "#general", lines); // the bot renews typing every 8 s while it works
        Assert.That(lines, Is.EqualTo(new[] { "[#general] AndyAI is typing…" }));
        Assert.That(transcript.State.Busy, Is.True, "typing with no message yet: the answer is still coming");

        transcript.ObserveMessage(new BotMessageView(9, 5, "#general", null, 1, "done", false), lines);
        _time.Advance(Settle);
        transcript.ObserveMessage(new BotMessageView(9, 5, "#general", null, 1, "done", false), lines);
        transcript.ObserveTyping(5, "#general", lines);

        Assert.That(lines, Is.EqualTo(new[] { "[#general] AndyAI is typing…", "[#general] AndyAI: done", "[#general] AndyAI is typing…" }));
    }

    [Test]
    public void ObserveTyping_NotRenewedForTenSeconds_ExpiresAndIsPrintedAgainNextTime()
    {
        var transcript = new SandboxTranscript(interactive: true, Settle, _time);
        var lines = new List<string>();

        transcript.ObserveTyping(5, "DM", lines);
        _time.Advance(SandboxTranscript.TypingLifetime);
        Assert.That(transcript.State.Busy, Is.False);
        transcript.ObserveTyping(5, "DM", lines);

        Assert.That(lines, Has.Count.EqualTo(2));
    }

    [Test]
    public void ObserveMessage_PrintedThenDeleted_SaysSoOnce()
    {
        var transcript = new SandboxTranscript(interactive: true, Settle, _time);
        var lines = new List<string>();

        transcript.ObserveMessage(Message(1, "partial", version: 1), lines);
        transcript.ObserveMessage(Message(1, "partial", version: 1) with { IsDeleted = true }, lines);
        transcript.ObserveMessage(Message(1, "partial", version: 1) with { IsDeleted = true }, lines);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "[#general] AndyAI ↳ \"what is a monad?\": partial",
            "[#general] AndyAI deleted its message ↳ \"what is a monad?\".",
        }));
    }

    [Test]
    public void State_EachNewMessageEditAndTyping_CountsOneEvent()
    {
        var transcript = new SandboxTranscript(interactive: false, Settle, _time);
        var lines = new List<string>();
        long before = transcript.State.Events;

        transcript.ObserveTyping(5, "#general", lines);
        transcript.ObserveMessage(Message(1, "a", version: 1), lines);
        transcript.ObserveMessage(Message(1, "a", version: 1), lines);
        transcript.ObserveMessage(Message(1, "ab", version: 2), lines);

        Assert.That(transcript.State.Events - before, Is.EqualTo(3));
    }

    [Test]
    public void ObserveMessage_AnswerSplitAcrossMessages_NumbersTheLaterParts()
    {
        var transcript = new SandboxTranscript(interactive: true, Settle, _time);
        var lines = new List<string>();

        transcript.ObserveMessage(Message(1, "first", version: 1) with { RepliesToId = 40 }, lines);
        transcript.ObserveMessage(Message(2, "second", version: 1) with { RepliesToId = 40 }, lines);
        transcript.ObserveMessage(Message(3, "other", version: 1) with { RepliesToId = 41 }, lines);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "[#general] AndyAI ↳ \"what is a monad?\": first",
            "[#general] AndyAI (part 2) ↳ \"what is a monad?\": second",
            "[#general] AndyAI ↳ \"what is a monad?\": other",
        }));
    }

    private static BotMessageView Message(ulong id, string content, int version) =>
        new(id, 5, "#general", "what is a monad?", version, content, false);
}
