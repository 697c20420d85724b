using AndyAI.Host.Cogs.Supervision;
using AndyAI.Host.Cogs;
using AndyAI.Host.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AndyAI.Host.Tests.Cogs.Supervision;

public sealed class CogSupervisorServiceCollectionExtensionsTests
{
    private static ServiceProvider CreateSut(Dictionary<string, string?> settings)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<ICogContextFactory>(new FakeCogContextFactory(TimeProvider.System));
        services.AddCogSupervisor(configuration);
        services.AddCogSupervisor(configuration);
        return services.BuildServiceProvider();
    }

    [Test]
    public void Options_Defaults_AreDocumentedValues()
    {
        using var provider = CreateSut([]);

        var options = provider.GetRequiredService<IOptions<CogSupervisorOptions>>().Value;

        Assert.Multiple(() =>
        {
            Assert.That(options.ConfigPath, Is.EqualTo("plugins.json"));
            Assert.That(options.StartTimeout, Is.EqualTo(TimeSpan.FromSeconds(15)));
            Assert.That(options.StopTimeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(options.ShutdownTimeout, Is.EqualTo(TimeSpan.FromSeconds(20)));
            Assert.That(options.UnloadVerifyAttempts, Is.EqualTo(10));
        });
    }

    [Test]
    public void Options_PluginsConfigSetting_IsTheConfigPath()
    {
        using var provider = CreateSut(new() { ["PLUGINS_CONFIG"] = "/etc/andy/plugins.json" });

        Assert.That(provider.GetRequiredService<IOptions<CogSupervisorOptions>>().Value.ConfigPath, Is.EqualTo("/etc/andy/plugins.json"));
    }

    [TestCase("Plugins:StartTimeout", "00:00:00")]
    [TestCase("Plugins:WatcherDebounce", "02:00:00")]
    [TestCase("Plugins:UnloadVerifyAttempts", "0")]
    public void Options_OutOfRange_FailValidation(string key, string value)
    {
        using var provider = CreateSut(new() { [key] = value });

        var e = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<CogSupervisorOptions>>().Value);

        Assert.That(e!.Message, Does.Contain(key.Split(':')[1]));
    }

    [Test]
    public async Task AddCogSupervisor_CalledTwice_RegistersOneHostedService()
    {
        await using var provider = CreateSut([]);

        Assert.That(provider.GetServices<IHostedService>().OfType<CogSupervisorHostedService>().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task HostedService_LoadsCogsAtStartAndStopsThemAtShutdown()
    {
        await using var sandbox = new CogSandbox();
        sandbox.AddCogFolder("WellBehavedCog");
        await using var provider = CreateSut(new() { ["Plugins:ConfigPath"] = sandbox.ConfigPath, ["Plugins:ShadowCopyDirectory"] = Path.Combine(sandbox.Root, "shadow") });
        var hosted = provider.GetServices<IHostedService>().OfType<CogSupervisorHostedService>().Single();
        var supervisor = provider.GetRequiredService<ICogSupervisor>();

        await hosted.StartAsync(CancellationToken.None);
        var running = supervisor.List().Single().State;
        await hosted.StopAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(running, Is.EqualTo(CogState.Running));
            Assert.That(supervisor.List().Single().State, Is.EqualTo(CogState.Unloaded));
        });
    }
}
