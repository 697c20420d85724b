using AndyAI.Abstractions.Llm;
using AndyAI.Services.Caching;
using AndyAI.Services.Llm;
using AndyAI.Services.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AndyAI.Services.Tests.Configuration;

public sealed class OptionsValidationTests
{
    private static async Task<OptionsValidationException> StartExpectingFailure(Dictionary<string, string?> settings)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddAndyAIServices(builder.Configuration);
        using IHost host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch (OptionsValidationException ex)
        {
            return ex;
        }

        await host.StopAsync();
        Assert.Fail("the host started with invalid configuration");
        throw new InvalidOperationException();
    }

    [Test]
    public async Task Start_MissingApiKeyWithRemoteProvider_FailsSayingWhatIsMissing()
    {
        OptionsValidationException ex = await StartExpectingFailure(new() { ["Llm:Model"] = "gpt-4o-mini" });

        Assert.That(ex.Message, Does.Contain("Llm:ApiKey is missing").And.Contain("OPENAI_API_KEY"));
    }

    [Test]
    public async Task Start_MalformedBaseUrl_FailsNamingTheSetting()
    {
        OptionsValidationException ex = await StartExpectingFailure(new() { ["Llm:ApiKey"] = "k", ["Llm:BaseUrl"] = "not a url" });

        Assert.That(ex.Message, Does.Contain("Llm:BaseUrl 'not a url' is not an absolute http(s) URL"));
    }

    [TestCase("00:00:00")]
    [TestCase("01:00:00")]
    public async Task Start_DeadlineOutOfRange_FailsNamingTheSetting(string deadline)
    {
        OptionsValidationException ex = await StartExpectingFailure(new() { ["Llm:ApiKey"] = "k", ["Llm:Deadline"] = deadline });

        Assert.That(ex.Message, Does.Contain("Llm:Deadline must be between"));
    }

    [Test]
    public async Task Start_NegativeCacheTtl_FailsNamingTheSetting()
    {
        OptionsValidationException ex = await StartExpectingFailure(new() { ["Llm:ApiKey"] = "k", ["Cache:DefaultTimeToLive"] = "-00:05:00" });

        Assert.That(ex.Message, Does.Contain("Cache:DefaultTimeToLive must be positive"));
    }

    [Test]
    public async Task Start_NonPositiveRateLimit_FailsNamingTheSetting()
    {
        OptionsValidationException ex = await StartExpectingFailure(new() { ["Llm:ApiKey"] = "k", ["RateLimits:PerUser:Capacity"] = "0" });

        Assert.That(ex.Message, Does.Contain("RateLimits:PerUser: Capacity must be positive"));
    }

    [Test]
    public async Task Start_NamedModelWithBadUrl_FailsNamingTheModel()
    {
        OptionsValidationException ex = await StartExpectingFailure(new() { ["Llm:ApiKey"] = "k", ["Llm:Models:fast:BaseUrl"] = "ftp://x" });

        Assert.That(ex.Message, Does.Contain("Llm:Models:fast:BaseUrl"));
    }

    [TestCase("http://localhost:11434")]
    [TestCase("http://127.0.0.1:8000/v1")]
    public async Task Start_LocalProviderWithoutKey_StartsAndAppendsV1(string baseUrl)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Llm:BaseUrl"] = baseUrl });
        builder.Services.AddAndyAIServices(builder.Configuration).AddAndyAIServices(builder.Configuration);
        using IHost host = builder.Build();

        await host.StartAsync();
        ILlmService llm = host.Services.GetRequiredService<ILlmService>();
        await host.StopAsync();

        Assert.That(llm.IsConfigured, Is.True);
        Assert.That(llm.ProviderDescription, Does.Contain("/v1"));
    }

    [Test]
    public void Defaults_AreDocumentedValues()
    {
        var llm = new LlmOptions();
        var cache = new CacheOptions();
        var limits = new RateLimitOptions();

        Assert.That(llm.MaxRetries, Is.EqualTo(2));
        Assert.That(llm.Timeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(llm.Deadline, Is.EqualTo(TimeSpan.FromSeconds(90)));
        Assert.That(llm.RateLimitedRetryBaseDelay, Is.GreaterThan(llm.RetryBaseDelay));
        Assert.That(cache.SizeLimitBytes, Is.EqualTo(64L * 1024 * 1024));
        Assert.That(limits.PerUser.Capacity, Is.EqualTo(5));
        Assert.That(new LlmOptionsValidator().Validate(null, new LlmOptions { ApiKey = "k" }).Succeeded, Is.True);
    }
}
