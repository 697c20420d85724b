using System.Text;
using System.Text.RegularExpressions;

namespace AndyAI.Cogs.MessageHandler.Tests;

public sealed partial class MessageSplitterTests
{
    private const int Limit = 2000;

    [TestCase("text ```a``` done", "text ```a``` done")]
    [TestCase("```csharp\nint x;\nint", "```csharp\nint x;\nint\n```")]
    [TestCase("```\ncode  \n\n", "```\ncode\n```")]
    [TestCase("no code", "no code")]
    public void CloseOpenCodeBlock_AnOpenBlockIsClosedOnItsOwnLine(string text, string expected)
    {
        Assert.That(MessageSplitter.CloseOpenCodeBlock(text), Is.EqualTo(expected));
    }

    [TestCase("no code", "")]
    [TestCase("```py\nprint(1)\n```\ndone", "")]
    [TestCase("see:\n```csharp\nint x;", "```csharp\n")]
    [TestCase("```\nplain", "```\n")]
    [TestCase("```a``` then ```rust\nfn", "```rust\n")]
    public void ReopenedCodeBlock_TheFenceAndTagOfTheBlockTheTextEndsIn(string before, string expected)
    {
        Assert.That(MessageSplitter.ReopenedCodeBlock(before), Is.EqualTo(expected));
    }

    [Test]
    public void Split_ShortText_ReturnsItTrimmed()
    {
        List<string> chunks = MessageSplitter.Split("\n  Hello there.  \n");

        Assert.That(chunks, Is.EqualTo(new[] { "  Hello there." }));
    }

    [TestCase("")]
    [TestCase("   \n\n \t")]
    public void Split_EmptyOrWhitespace_ReturnsNothing(string text)
    {
        Assert.That(MessageSplitter.Split(text), Is.Empty);
    }

    [Test]
    public void Split_ExactlyAtLimit_ReturnsOneMessage()
    {
        string text = new('a', Limit);

        Assert.That(MessageSplitter.Split(text), Is.EqualTo(new[] { text }));
    }

    [Test]
    public void Split_Paragraphs_CutsAtParagraphBreaks()
    {
        string paragraph = Sentence(400);
        string text = string.Join("\n\n", Enumerable.Repeat(paragraph, 8)); // ~3.2k characters

        List<string> chunks = MessageSplitter.Split(text);

        Assert.That(chunks, Has.Count.EqualTo(2));
        Assert.That(chunks, Has.All.Length.LessThanOrEqualTo(Limit));
        Assert.That(chunks[0], Does.EndWith(paragraph), "the first message ends with a whole paragraph");
        Assert.That(chunks[1], Does.StartWith(paragraph), "the second starts with a whole paragraph, without the blank line");
        Assert.That(string.Join("\n\n", chunks), Is.EqualTo(text));
    }

    [Test]
    public void Split_LinesWithoutParagraphs_CutsAtLineBreaks()
    {
        string text = string.Join("\n", Enumerable.Range(0, 100).Select(i => $"line {i:D3} " + new string('x', 30)));

        List<string> chunks = MessageSplitter.Split(text);

        Assert.That(chunks, Has.Count.EqualTo(3));
        Assert.That(chunks, Has.All.Length.LessThanOrEqualTo(Limit));
        Assert.That(chunks.Select(c => c.Split('\n')[^1]), Has.All.Match("^line \\d{3} x{30}$"), "every message ends with a whole line");
        Assert.That(string.Join("\n", chunks), Is.EqualTo(text));
    }

    [Test]
    public void Split_OneLongLine_CutsAtSpaces()
    {
        string text = Sentence(5000);

        List<string> chunks = MessageSplitter.Split(text);

        Assert.That(chunks, Has.Count.EqualTo(3));
        Assert.That(chunks, Has.All.Length.LessThanOrEqualTo(Limit));
        Assert.That(string.Join(" ", chunks), Is.EqualTo(text), "only the spaces at the cuts are dropped");
    }

    [Test]
    public void Split_NoWhitespace_CutsAtTheLimit()
    {
        string text = new('z', 4500);

        List<string> chunks = MessageSplitter.Split(text);

        Assert.That(chunks.Select(c => c.Length), Is.EqualTo(new[] { Limit - 4, Limit - 4, 4500 - (2 * (Limit - 4)) }));
        Assert.That(string.Concat(chunks), Is.EqualTo(text));
    }

    [TestCase(0)]
    [TestCase(1)]
    public void Split_SurrogatePairsAtTheCut_NeverSplitsAPair(int offset)
    {
        string text = new string('a', offset) + string.Concat(Enumerable.Repeat("😀", 3000));

        List<string> chunks = MessageSplitter.Split(text);

        Assert.That(chunks, Has.All.Length.LessThanOrEqualTo(Limit));
        foreach (string chunk in chunks)
        {
            Assert.That(char.IsLowSurrogate(chunk[0]), Is.False);
            Assert.That(char.IsHighSurrogate(chunk[^1]), Is.False);
        }

        Assert.That(string.Concat(chunks), Is.EqualTo(text));
    }

    [Test]
    public void Split_CombiningMarksAtTheCut_StayWithTheirLetter()
    {
        string text = string.Concat(Enumerable.Repeat("e\u0301", 3000)); // é as e + combining acute

        List<string> chunks = MessageSplitter.Split(text);

        Assert.That(chunks.Skip(1).Select(c => c[0]), Has.All.EqualTo('e'));
        Assert.That(string.Concat(chunks), Is.EqualTo(text));
    }

    // Family (ZWJ sequence), flag (regional-indicator pair), thumbs up with a skin tone (emoji modifier), keycap.
    [TestCase("\U0001F468\u200D\U0001F469\u200D\U0001F467", 0)]
    [TestCase("\U0001F468\u200D\U0001F469\u200D\U0001F467", 1)]
    [TestCase("\U0001F468\u200D\U0001F469\u200D\U0001F467", 3)]
    [TestCase("\U0001F1FA\U0001F1F8", 0)]
    [TestCase("\U0001F1FA\U0001F1F8", 2)]
    [TestCase("\U0001F44D\U0001F3FD", 0)]
    [TestCase("\U0001F44D\U0001F3FD", 2)]
    [TestCase("1\uFE0F\u20E3", 1)]
    public void Split_EmojiSequencesAtTheCut_NeverSplitsAGraphemeCluster(string emoji, int offset)
    {
        string text = new string('a', offset) + string.Concat(Enumerable.Repeat(emoji, 3000));
        var boundaries = new HashSet<int>(System.Globalization.StringInfo.ParseCombiningCharacters(text)) { text.Length };

        List<string> chunks = MessageSplitter.Split(text);

        Assert.That(string.Concat(chunks), Is.EqualTo(text));
        Assert.That(chunks, Has.All.Length.LessThanOrEqualTo(Limit));
        int end = 0;
        foreach (string chunk in chunks)
        {
            end += chunk.Length;
            Assert.That(boundaries, Does.Contain(end), $"a message ends inside a grapheme cluster at {end}");
        }
    }

    [Test]
    public void Split_CodeBlockAcrossMessages_ClosesAndReopensWithLanguage()
    {
        string code = string.Join("\n", Enumerable.Range(0, 120).Select(i => $"    print('line {i:D3}')  # a comment"));
        string text = "Here is the script:\n\n```python\n" + code + "\n```\n\nThat's it.";

        List<string> chunks = MessageSplitter.Split(text);

        Assert.That(chunks, Has.Count.GreaterThanOrEqualTo(3));
        Assert.That(chunks, Has.All.Length.LessThanOrEqualTo(Limit));
        Assert.That(chunks.Select(MessageSplitter.HasBalancedFences), Has.All.True);
        Assert.That(chunks.Skip(1).Take(chunks.Count - 2), Has.All.StartWith("```python\n"), "continuations reopen with the language tag");
        Assert.That(chunks.SkipLast(1), Has.All.EndWith("\n```"));
        Assert.That(chunks[1], Does.StartWith("```python\n    print("), "the indentation of the continued code is kept");
        Assert.That(chunks[^1], Does.EndWith("That's it."));
        Assert.That(CodeLines(chunks), Is.EqualTo(code.Split('\n')), "every code line arrives once, whole and in order");
    }

    [Test]
    public void Split_AnswerOf4500CharactersWithCodeBlock_ThreeMessagesAllFencesBalanced()
    {
        string answer = FourThousandFiveHundredCharacterAnswer();
        Assert.That(answer, Has.Length.EqualTo(4500));

        List<string> chunks = MessageSplitter.Split(answer);

        Assert.That(chunks, Has.Count.EqualTo(3));
        Assert.That(chunks, Has.All.Length.LessThanOrEqualTo(Limit));
        Assert.That(chunks.Select(MessageSplitter.HasBalancedFences), Has.All.True);
        Assert.That(Words(string.Join("\n", chunks).Replace("```csharp", "", StringComparison.Ordinal).Replace("```", "", StringComparison.Ordinal)),
            Is.EqualTo(Words(answer.Replace("```csharp", "", StringComparison.Ordinal).Replace("```", "", StringComparison.Ordinal))), "no word lost, added or reordered");
    }

    [Test]
    public void Split_CodeBlockOpeningNearTheLimit_MovesTheWholeFenceLineToTheNextMessage()
    {
        string prose = Sentence(1980);
        string text = prose + "\n```js\nconsole.log(1);\n```";

        List<string> chunks = MessageSplitter.Split(text);

        Assert.That(chunks, Has.Count.EqualTo(2));
        Assert.That(chunks[0], Is.EqualTo(prose));
        Assert.That(chunks[1], Is.EqualTo("```js\nconsole.log(1);\n```"));
    }

    [Test]
    public void Split_UnclosedFenceInTheOriginal_IsLeftAsTheModelWroteIt()
    {
        string text = "```\n" + string.Join("\n", Enumerable.Repeat("abc def ghi", 300));

        List<string> chunks = MessageSplitter.Split(text);

        Assert.That(chunks.SkipLast(1).Select(MessageSplitter.HasBalancedFences), Has.All.True);
        Assert.That(chunks[1], Does.StartWith("```\n"), "a block without a tag is reopened without one");
        Assert.That(MessageSplitter.CountFences(chunks[^1]), Is.EqualTo(1));
    }

    [Test]
    public void Split_RandomAnswers_EveryMessageFitsAndBalancedBlocksStayBalanced()
    {
        var random = new Random(20261126);
        for (int round = 0; round < 300; round++)
        {
            string text = RandomAnswer(random);

            List<string> chunks = MessageSplitter.Split(text);

            Assert.That(chunks, Has.All.Length.InRange(1, Limit), text);
            Assert.That(chunks.Select(MessageSplitter.HasBalancedFences), Has.All.True, text);
            Assert.That(chunks.Select(c => char.IsHighSurrogate(c[^1]) || char.IsLowSurrogate(c[0])), Has.All.False, text);
            Assert.That(NonWhiteSpace(StripFences(string.Join("\n", chunks))), Is.EqualTo(NonWhiteSpace(StripFences(text))), "no character lost or added");
        }
    }

    [Test]
    public void Split_LimitTooSmall_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MessageSplitter.Split("text", 10));
    }

    internal static string FourThousandFiveHundredCharacterAnswer()
    {
        var text = new StringBuilder();
        text.Append("Here is how a token bucket works, with an example you can run.\n\n");
        text.Append(Sentence(900)).Append("\n\n");
        text.Append("```csharp\n");
        for (int i = 0; text.Length < 3300; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"        var bucket{i:D2} = new TokenBucket(capacity: {i + 1}, refill: TimeSpan.FromSeconds({i}));\n");
        }

        text.Append("```\n\n");
        string ending = Sentence(4500 - text.Length - 1) + ".";
        text.Append(ending);
        return text.ToString();
    }

    internal static string Sentence(int length)
    {
        string[] words = ["token", "bucket", "refill", "capacity", "burst", "limit", "discord", "answer", "cache", "stream"];
        var text = new StringBuilder(length + 16);
        for (int i = 0; text.Length < length; i++)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(words[(i * 7) % words.Length]);
        }

        text.Length = length;
        return text.ToString().TrimEnd();
    }

    private static string RandomAnswer(Random random)
    {
        var text = new StringBuilder();
        int target = random.Next(100, 9000);
        string[] languages = ["", "python", "csharp", "js", "c++", "objective-c"];
        while (text.Length < target)
        {
            switch (random.Next(5))
            {
                case 0:
                    text.Append("```").Append(languages[random.Next(languages.Length)]).Append('\n');
                    int lines = random.Next(1, 80);
                    for (int i = 0; i < lines; i++)
                    {
                        text.Append(new string(' ', random.Next(0, 8))).Append(Sentence(random.Next(1, 120))).Append('\n');
                    }

                    text.Append("```\n\n");
                    break;
                case 1:
                    text.Append(string.Concat(Enumerable.Repeat("🙂", random.Next(1, 600)))).Append(' ');
                    break;
                case 2:
                    text.Append(new string('w', random.Next(1, 2500))).Append('\n');
                    break;
                default:
                    text.Append(Sentence(random.Next(1, 900))).Append(random.Next(2) == 0 ? "\n\n" : "\n");
                    break;
            }
        }

        return text.ToString();
    }

    private static List<string> CodeLines(List<string> chunks)
    {
        var lines = new List<string>();
        foreach (string chunk in chunks)
        {
            bool inCode = false;
            foreach (string line in chunk.Split('\n'))
            {
                if (line.StartsWith("```", StringComparison.Ordinal))
                {
                    inCode = !inCode;
                    continue;
                }

                if (inCode)
                {
                    lines.Add(line);
                }
            }
        }

        return lines;
    }

    private static string StripFences(string text) => FenceWithTag().Replace(text, " ");

    private static string NonWhiteSpace(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static string[] Words(string text) => text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);

    [GeneratedRegex("```[A-Za-z0-9_+\\-.#]*")]
    private static partial Regex FenceWithTag();
}
