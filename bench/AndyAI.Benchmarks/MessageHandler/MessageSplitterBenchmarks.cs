using System.Globalization;
using System.Reflection;
using System.Text;
using BenchmarkDotNet.Attributes;

namespace AndyAI.Benchmarks.MessageHandler;

/// <summary>Splitting model answers into Discord messages (runs once per answer, and once per streamed update).</summary>
[MemoryDiagnoser]
public class MessageSplitterBenchmarks
{
    private string _short = "";
    private string _answerWithCode = "";
    private string _longProse = "";
    private Func<string, int, List<string>> _split = null!;

    [GlobalSetup]
    public void Setup()
    {
        // MessageSplitter is internal to the cog: bind its Split once; the calls below are plain delegate calls.
        _split = MessageHandlerCogAssembly.Assembly.GetType("AndyAI.Cogs.MessageHandler.MessageSplitter", throwOnError: true)!
            .GetMethod("Split", BindingFlags.Public | BindingFlags.Static)!
            .CreateDelegate<Func<string, int, List<string>>>();
        _short = Prose(1800);
        var text = new StringBuilder("Here is an example.\n\n").Append(Prose(900)).Append("\n\n```csharp\n");
        for (int i = 0; text.Length < 3300; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"        var bucket{i:D2} = new TokenBucket(capacity: {i + 1}, refill: TimeSpan.FromSeconds({i}));\n");
        }

        text.Append("```\n\n");
        text.Append(Prose(4500 - text.Length));
        _answerWithCode = text.ToString();
        _longProse = string.Join("\n\n", Enumerable.Range(0, 40).Select(_ => Prose(480)));
    }

    /// <summary>An answer that fits one message: the common case.</summary>
    [Benchmark(Baseline = true)]
    public int OneMessage_1800() => _split(_short, 2000).Count;

    /// <summary>4,500 characters with a code block across the cut: 3 messages, fences closed and reopened.</summary>
    [Benchmark]
    public int CodeBlock_4500() => _split(_answerWithCode, 2000).Count;

    /// <summary>About 19,000 characters of paragraphs.</summary>
    [Benchmark]
    public int Prose_19k() => _split(_longProse, 2000).Count;

    private static string Prose(int length)
    {
        string[] words = ["token", "bucket", "refill", "capacity", "burst", "limit", "discord", "answer", "cache", "stream"];
        var text = new StringBuilder(length + 16);
        for (int i = 0; text.Length < length; i++)
        {
            text.Append(words[(i * 7) % words.Length]).Append(i % 13 == 12 ? ".\n" : " ");
        }

        text.Length = length;
        return text.ToString();
    }
}
