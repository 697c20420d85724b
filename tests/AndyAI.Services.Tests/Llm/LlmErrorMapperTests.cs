using System.ClientModel;
using AndyAI.Abstractions.Llm;
using AndyAI.Services.Llm;

namespace AndyAI.Services.Tests.Llm;

public sealed class LlmErrorMapperTests
{
    [Test]
    public void Map_AProviderErrorWithNewlinesAndAnEchoedPrompt_IsOneShortLine()
    {
        string echoed = "bad request: ERR my private prompt " + new string('x', 1000) + "\n2026-12-07 ERROR forged | line";

        LlmResult result = LlmErrorMapper.Map(new ClientResultException(echoed), attempts: 1, TimeProvider.System, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(LlmOutcome.Unavailable));
        Assert.That(result.Detail, Does.Not.Contain('\n').And.Not.Contain('\r'), "a provider's text cannot start a log line of its own");
        Assert.That(result.Detail, Does.Not.Contain("forged"), "cut before the rest of an echoed request");
        Assert.That(result.Detail!.Length, Is.LessThan(LlmErrorMapper.MaxMessageLength + 200));
    }

    [Test]
    public void OneLine_ShortText_IsKept()
    {
        Assert.That(LlmErrorMapper.OneLine("model 'gpt-5' not found"), Is.EqualTo("model 'gpt-5' not found"));
        Assert.That(LlmErrorMapper.OneLine("a\r\n  b\n"), Is.EqualTo("a b"));
    }
}
