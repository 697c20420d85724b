namespace AndyAI.Commands.Tests;

public class MessageChunkerTests
{
    [Test]
    public void Split_ShortText_IsOneChunk()
    {
        Assert.That(MessageChunker.Split("hello").ToList(), Is.EqualTo(new[] { "hello" }));
    }

    [Test]
    public void Split_LongText_CutsAtLineBreaksAndLosesNothing()
    {
        string[] lines = [.. Enumerable.Range(0, 300).Select(i => $"line number {i:D4}")];
        string text = string.Join('\n', lines);

        List<string> chunks = [.. MessageChunker.Split(text)];

        Assert.That(chunks, Has.Count.GreaterThan(1));
        Assert.That(chunks, Has.All.Length.LessThanOrEqualTo(2000));
        Assert.That(string.Join('\n', chunks), Is.EqualTo(text));
    }

    [Test]
    public void Split_OneLongWord_IsCutHard()
    {
        string text = new('x', 4500);

        List<string> chunks = [.. MessageChunker.Split(text)];

        Assert.That(chunks.Select(chunk => chunk.Length), Is.EqualTo(new[] { 2000, 2000, 500 }));
    }
}
