using AndyAI.Host.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace AndyAI.Host.Tests.Sandbox;

/// <summary>The banner line that says which LLM answers in the sandbox.</summary>
public sealed class SandboxEnvironmentTests
{
    [Test]
    public async Task StartAsync_NoKeyNoBaseUrl_UsesTheOfflineResponderAndSaysItIsNotAModel()
    {
        await using SandboxEnvironment sandbox = await SandboxEnvironment.StartAsync(
            new ConfigurationBuilder().Build(), NullLoggerFactory.Instance, CancellationToken.None);

        Assert.That(sandbox.OfflineLlm, Is.Not.Null);
        Assert.That(sandbox.LlmDescription, Does.StartWith("LLM: offline responder (not a language model"));
        Assert.That(sandbox.LlmDescription, Does.Contain("OPENAI_API_KEY").And.Contain("OPENAI_BASE_URL"));
        Assert.That(sandbox.ConfigurationOverrides()["Llm:BaseUrl"], Is.EqualTo(sandbox.OfflineLlm!.BaseUrl.ToString()));
    }

    [Test]
    public async Task StartAsync_KeyAndLocalServer_NamesServerAndModelButNeverTheKey()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Llm:ApiKey"] = "sk-very-secret",
            ["Llm:BaseUrl"] = "http://user:hunter2@127.0.0.1:11434/v1",
            ["Llm:Model"] = "llama3",
        }).Build();

        await using SandboxEnvironment sandbox = await SandboxEnvironment.StartAsync(configuration, NullLoggerFactory.Instance, CancellationToken.None);

        Assert.That(sandbox.OfflineLlm, Is.Null);
        Assert.That(sandbox.LlmDescription, Is.EqualTo("LLM: OpenAI-compatible server at http://***@127.0.0.1:11434/v1, model llama3"));
        Assert.That(sandbox.LlmDescription, Does.Not.Contain("sk-very-secret").And.Not.Contain("hunter2"));
        Assert.That(sandbox.ConfigurationOverrides().ContainsKey("Llm:BaseUrl"), Is.False, "a configured model is used as is");
    }

    [Test]
    public void DescribeLlm_KeyOnlyNoModel_NamesOpenAiAndTheDefaultModel() =>
        Assert.That(SandboxEnvironment.DescribeLlm(offline: false, baseUrl: null, model: null),
            Is.EqualTo("LLM: OpenAI at https://api.openai.com/v1, model gpt-4o-mini"));
}
