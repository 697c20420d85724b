using AndyAI.Emulator;
using AndyAI.EndToEnd.Tests.Harness;

namespace AndyAI.EndToEnd.Tests.Web;

/// <summary>OTEL_EXPORTER_OTLP_ENDPOINT set: a mention becomes one trace (gateway → handler → cache → LLM → REST) exported over OTLP.</summary>
public sealed class TracingTests
{
    [Test]
    public async Task A_mention_is_one_trace_from_gateway_to_reply()
    {
        await using OtlpCollector collector = await OtlpCollector.StartAsync();
        var setup = new BotSetup();
        setup.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint.ToString().TrimEnd('/');
        setup.Environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        setup.Environment["OTEL_BSP_SCHEDULE_DELAY"] = "100";
        await using BotHarness bot = await BotHarness.StartAsync(setup);
        ulong channel = bot.NewChannel("traced");

        EmulatorMessage question = await bot.PostAsync(bot.AdminUserId, channel, $"{bot.Mention} trace me");
        await bot.WaitForAnswerAsync(question.Id, "echo: trace me");
        await bot.StopHostAsync(); // flushes the exporter

        IReadOnlyList<OtlpCollector.Span> spans = collector.Spans;
        string all = string.Join("\n", spans.Select(s => $"{s.TraceId} {s.SpanId} <- {s.ParentSpanId} {s.Name}"));
        OtlpCollector.Span llm = spans.FirstOrDefault(s => s.Name == "llm gpt-4o-mini") ?? throw new AssertionException("no llm span:\n" + all);
        IReadOnlyList<OtlpCollector.Span> trace = [.. spans.Where(s => s.TraceId == llm.TraceId)];
        string traced = string.Join("\n", trace.Select(s => s.Name));
        Assert.Multiple(() =>
        {
            Assert.That(trace.Count(s => s.Name == "gateway MESSAGE_CREATE"), Is.EqualTo(1), "one trace, rooted at the gateway:\n" + all);
            Assert.That(trace.Single(s => s.Name == "gateway MESSAGE_CREATE").ParentSpanId, Is.Empty, "the root: " + traced);
            Assert.That(trace.Any(s => s.Name.StartsWith("handle ", StringComparison.Ordinal)), Is.True, traced);
            Assert.That(trace.Any(s => s.Name == "cache lookup"), Is.True, traced);
            Assert.That(trace.Any(s => s.Name.StartsWith("REST POST /channels/{channel_id}/messages", StringComparison.Ordinal)), Is.True, "the reply: " + traced);
            Assert.That(trace.All(s => s.ParentSpanId.Length == 0 || trace.Any(p => p.SpanId == s.ParentSpanId)), Is.True, "every span's parent is in the trace: " + traced);
        });
    }
}
