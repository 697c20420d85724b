using AndyAI.Emulator.OpenAi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AndyAI.Services.Tests;

internal static class TestServices
{
    public static ServiceProvider Create(Uri? baseUrl, TimeProvider? time = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Llm:ApiKey"] = "sk-test-key",
            ["Llm:Model"] = "gpt-4o-mini",
        };
        if (baseUrl is not null)
        {
            values["Llm:BaseUrl"] = baseUrl.ToString();
        }

        foreach (KeyValuePair<string, string?> pair in settings ?? new Dictionary<string, string?>())
        {
            values[pair.Key] = pair.Value;
        }

        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        configure?.Invoke(services);
        services.AddAndyAIServices(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static async Task<OpenAiFakeServer> StartFakeAsync(TimeProvider? time = null, Action<OpenAiFakeOptions>? configure = null)
    {
        var options = new OpenAiFakeOptions();
        if (time is not null)
        {
            options.TimeProvider = time;
        }

        configure?.Invoke(options);
        return await OpenAiFakeServer.StartAsync(options);
    }
}
