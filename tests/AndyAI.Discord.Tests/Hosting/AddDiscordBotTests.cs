using AndyAI.Abstractions.Discord;
using AndyAI.Discord.Hosting;
using AndyAI.Discord.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AndyAI.Discord.Tests.Hosting;

public class AddDiscordBotTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHostApplicationLifetime, FakeHostApplicationLifetime>();
        services.AddDiscordBot(configuration);
        services.AddDiscordBot(configuration);
        return services.BuildServiceProvider();
    }

    [Test]
    public void Options_Defaults()
    {
        var options = new DiscordClientOptions();

        Assert.Multiple(() =>
        {
            Assert.That(options.ApiBaseUrl, Is.EqualTo("https://discord.com/api"));
            Assert.That(options.Intents, Is.EqualTo(1 | 512 | 4096 | 32768));
            Assert.That(options.ShardCount, Is.Zero);
            Assert.That(options.Compress, Is.False);
            Assert.That(options.MaxReconnectDelay, Is.EqualTo(TimeSpan.FromSeconds(60)));
            Assert.That(options.CommandPrefix, Is.EqualTo("!"));
        });
    }

    [Test]
    public void AddDiscordBot_CalledTwice_RegistersOneBotAndOneHostedService()
    {
        using ServiceProvider provider = Build(new() { ["Discord:Token"] = "t", ["Commands:Prefix"] = "?" });

        Assert.Multiple(() =>
        {
            Assert.That(provider.GetRequiredService<IDiscordBot>(), Is.SameAs(provider.GetRequiredService<DiscordBot>()));
            Assert.That(provider.GetServices<IHostedService>().Count(), Is.EqualTo(1));
            Assert.That(provider.GetRequiredService<IOptions<DiscordClientOptions>>().Value.CommandPrefix, Is.EqualTo("?"));
        });
    }

    [TestCase("Discord:Token", "")]
    [TestCase("Discord:ApiBaseUrl", "not a url")]
    [TestCase("Discord:Intents", "-1")]
    [TestCase("Discord:MaxReconnectDelay", "00:00:00")]
    public void Options_Invalid_FailValidation(string key, string value)
    {
        using ServiceProvider provider = Build(new() { ["Discord:Token"] = "t", [key] = value });

        Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<DiscordClientOptions>>().Value);
    }
}
