using System.ClientModel;
using AndyAI.Abstractions.Llm;
using AndyAI.Emulator.OpenAi;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Models;

namespace AndyAI.Services.Tests.Emulator;

public sealed class OpenAiFakeServerTests
{
    [Test]
    public async Task Models_ListedThroughTheOpenAiSdk()
    {
        await using OpenAiFakeServer fake = await OpenAiFakeServer.StartAsync();
        fake.Options.Models.Add("local-llama");
        var client = new OpenAIModelClient(new ApiKeyCredential("k"), new OpenAIClientOptions { Endpoint = fake.BaseUrl });

        ClientResult<OpenAIModelCollection> models = await client.GetModelsAsync();

        Assert.That(models.Value.Select(m => m.Id), Is.EquivalentTo(new[] { "gpt-4o-mini", "local-llama" }));
        Assert.That(fake.BaseUrl.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(fake.BaseUrl.AbsolutePath, Is.EqualTo("/v1"));
    }

    [Test]
    public async Task ChatCompletions_WrongKey_Answers401()
    {
        await using OpenAiFakeServer fake = await OpenAiFakeServer.StartAsync(new OpenAiFakeOptions { RequiredApiKey = "right" });
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl, settings: new Dictionary<string, string?> { ["Llm:ApiKey"] = "wrong" });

        LlmResult result = await services.GetRequiredService<ILlmService>().CompleteAsync(new LlmRequest([new ChatTurn(ChatRole.User, "hi")]));

        Assert.That(result.Outcome, Is.EqualTo(LlmOutcome.Unauthorized));
        Assert.That(fake.Requests.Single().ApiKey, Is.EqualTo("wrong"));
    }

    [Test]
    public async Task ChatCompletions_JsonAnswerCut_ClientRetriesAndReportsUnavailable()
    {
        var time = new SteppedTime();
        await using OpenAiFakeServer fake = await TestServices.StartFakeAsync(time);
        await using ServiceProvider services = TestServices.Create(fake.BaseUrl, time, new Dictionary<string, string?> { ["Llm:MaxRetries"] = "1" });
        fake.FailNext(OpenAiFault.CutStream, 2);

        LlmResult result = await time.DriveAsync(services.GetRequiredService<ILlmService>().CompleteAsync(new LlmRequest([new ChatTurn(ChatRole.User, "hi")])));

        Assert.That(result.Outcome, Is.EqualTo(LlmOutcome.Unavailable), result.Detail);
        Assert.That(fake.ChatRequestCount, Is.EqualTo(2));
    }

    [Test]
    public async Task UnknownRoute_Answers404AndIsRecorded()
    {
        await using OpenAiFakeServer fake = await OpenAiFakeServer.StartAsync();
        using var http = new HttpClient();

        using HttpResponseMessage response = await http.GetAsync(new Uri(fake.BaseUrl, "/v1/embeddings"));

        Assert.That((int)response.StatusCode, Is.EqualTo(404));
        Assert.That(fake.Requests.Single().Path, Is.EqualTo("/v1/embeddings"));
    }
}
